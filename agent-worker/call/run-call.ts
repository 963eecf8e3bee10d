// The job entry for one dispatched call: read the dispatch metadata (an inbound phone call
// first asks the app to start its call), fetch the call config, pick the channel, and run the
// call with the voice session.
import { log, type JobContext } from "@livekit/agents";
import { isInboundDispatch, parseDispatchMetadata, type CallConfig, type DispatchMetadata } from "../../lib/contract/call-config";
import { CallUnavailableError } from "../app-client";
import { ToolCallRecorder } from "../tools/recorder";
import { TranscriptCollector } from "../transcript";
import { Call } from "./call";
import { channelOf, WEB_CHANNEL } from "./channel";
import { startInboundCall } from "./inbound";
import { placeOutboundCall, type OutboundDialer } from "./outbound";
import { CallReporter } from "./reporter";
import { jobRoom } from "./room";
import { DEFAULT_TIMEOUTS, errorMessage, type CallTimeouts } from "./timeouts";
import { VoiceCallSession, type VoiceSessionDeps } from "./voice-session";

export interface CallDeps extends VoiceSessionDeps {
  timeouts?: Partial<CallTimeouts>;
  /** Places outbound calls (LiveKit SIP); without it an outbound call fails as dial_failed. */
  dialer?: OutboundDialer;
}

/** How long the callee may take to answer beyond the ring timeout (the INVITE's setup, the answer reaching the room). */
const ANSWER_MARGIN_MS = 15_000;

export async function runCall(ctx: JobContext, deps: CallDeps): Promise<void> {
  const logger = log().child({ jobId: ctx.job.id });
  let metadata: DispatchMetadata;
  try {
    metadata = parseDispatchMetadata(ctx.job.metadata);
  } catch (error) {
    logger.error({ error: errorMessage(error) }, "rejecting job with invalid dispatch metadata");
    ctx.shutdown("invalid_metadata");
    return;
  }
  const room = jobRoom(ctx);
  const timeouts = { ...DEFAULT_TIMEOUTS, ...deps.timeouts };
  let callId: string;
  if (isInboundDispatch(metadata)) {
    const started = await startInboundCall(metadata, { room, roomName: ctx.job.room?.name ?? ctx.room.name ?? "", app: deps.app, logger, timeouts });
    if (started === null) return;
    callId = started;
  } else {
    callId = metadata.call_id;
  }
  const callLogger = logger.child({ callId });
  const transcript = new TranscriptCollector();
  const toolCalls = new ToolCallRecorder();
  const reporter = new CallReporter(callId, deps.app, transcript, callLogger, toolCalls);

  let config: CallConfig;
  try {
    config = await deps.app.getCallConfig(callId);
  } catch (error) {
    if (error instanceof CallUnavailableError) {
      callLogger.warn({ status: error.status }, "call is not available, ending job without a session");
      ctx.shutdown("call_unavailable");
      return;
    }
    // The app is unreachable or answered nonsense: the call cannot run, but we can
    // still try to tell the app (and the caller) why.
    const call = new Call({ room, channel: WEB_CHANNEL, reporter, logger: callLogger, timeouts });
    return call.fail("agent_error", `could not load call config: ${errorMessage(error)}`);
  }
  if (config.call.id !== callId) {
    callLogger.error("call config is for a different call, ending job");
    ctx.shutdown("call_unavailable");
    return;
  }

  const channel = channelOf(config.call.type);
  const dial = config.call.type === "outbound" ? config.dial : null;
  const roomName = ctx.job.room?.name ?? ctx.room.name ?? config.call.room_name;
  const call = new Call({
    room,
    channel,
    reporter,
    logger: callLogger,
    timeouts: dial ? { ...timeouts, participantMs: Math.max(timeouts.participantMs, dial.ring_timeout_seconds * 1000 + ANSWER_MARGIN_MS) } : timeouts,
    placeCall: dial
      ? () =>
          placeOutboundCall({
            dial,
            roomName,
            dialer: deps.dialer ?? { dial: () => Promise.reject(new Error("this worker cannot place phone calls (no dialer)")) },
            room,
            onRinging: () => reporter.markRinging(),
          })
      : undefined,
  });
  if (!config.assistant.is_active) return call.fail("assistant_inactive", "assistant is not active");
  if (config.call.type === "outbound" && !dial) return call.fail("dial_failed", "the call config has no dial details");
  await call.run(
    (hooks) =>
      new VoiceCallSession({
        config,
        deps,
        hooks,
        channel,
        livekitRoom: ctx.room,
        room,
        sessionDirectory: ctx.sessionDirectory,
        reporter,
        transcript,
        toolCalls,
        timeouts,
        logger: callLogger,
      }),
  );
}
