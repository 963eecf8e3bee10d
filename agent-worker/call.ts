// One call from dispatch to hang-up: read the dispatch metadata, fetch the call config,
// run the voice session, report `started` and (exactly once) `ended` to the app, and make
// sure the caller hears about failures. Every wait is bounded.
import { log, voice, type JobContext, type VAD } from "@livekit/agents";
import { RoomEvent, type RemoteParticipant } from "@livekit/rtc-node";
import { SwitchboardAgent } from "./agent";
import { CallUnavailableError, type AppClient, type CallEndedEvent } from "./app-client";
import { ConversationEnder, DEFAULT_MAX_DURATION_MESSAGE, type ConversationEndReason } from "./behaviours/ending";
import { SilenceMonitor, silenceSettings } from "./behaviours/silence";
import { turnTakingOverrides } from "./behaviours/turn-taking";
import { ControlReceiver, conversationControl } from "./control";
import { buildTools } from "./tools";
import { ToolCallRecorder } from "./tools/recorder";
import { callVariables, substituteVariables } from "./variables";
import { parseDispatchMetadata, type CallConfig } from "../lib/contract/call-config";
import { describeProviderFailure, formatProviderError, stageOfErrorType } from "./provider-errors";
import { createProviders } from "./fallbacks";
import {
  ProviderConfigError,
  resolveLlmTarget,
  resolveSttTarget,
  resolveTtsTarget,
  type ProviderEnv,
  type Stage,
} from "./providers";
import type { TurnDetectionMode } from "./env";
import { buildSession, loadVad } from "./session";
import { TranscriptCollector } from "./transcript";
import { CallTelemetry } from "./call-telemetry";
import { sessionRecordOptions } from "./recording";

/** Agent participant attribute carrying a failure message for the client. */
export const ERROR_ATTRIBUTE = "switchboard.error";
/** Agent participant attribute carrying the failure's end_reason (e.g. provider_error). */
export const ERROR_CODE_ATTRIBUTE = "switchboard.error_code";
/** Text stream topic on which the agent sends the failure message before hanging up. */
export const ERROR_TOPIC = "switchboard.error";

export type EndReason =
  | "user_hangup"
  | "max_duration"
  | "no_participant"
  | "provider_error"
  | "agent_error"
  | "assistant_inactive"
  | "room_closed"
  | "worker_shutdown"
  // Ended on purpose by the conversation: end_call tool, transfer, max duration, silence, call control.
  | ConversationEndReason;

export interface CallOutcome {
  status: CallEndedEvent["status"];
  endReason: EndReason;
  error?: string;
}

export interface CallTimeouts {
  sessionStartMs: number;
  /** How long a requested end waits for the session's close event. */
  sessionCloseMs: number;
  participantMs: number;
  roomConnectMs: number;
  notifyMs: number;
  deleteRoomMs: number;
  /** Minimum time between telling the client about a failure and deleting the room. */
  errorGraceMs: number;
  reportMs: number;
  /** Upper bound for a last message (goodbye, transfer notice) to play before hanging up. */
  goodbyeMs: number;
  /** How long a function tool's webhook may take. */
  toolMs: number;
}

export const DEFAULT_TIMEOUTS: CallTimeouts = {
  sessionStartMs: 20_000,
  sessionCloseMs: 15_000,
  participantMs: 30_000,
  roomConnectMs: 10_000,
  notifyMs: 3_000,
  deleteRoomMs: 5_000,
  errorGraceMs: 1_000,
  reportMs: 60_000,
  goodbyeMs: 15_000,
  toolMs: 10_000,
};

export interface CallDeps {
  app: AppClient;
  env: ProviderEnv;
  vad?: VAD;
  turnDetection?: TurnDetectionMode;
  timeouts?: Partial<CallTimeouts>;
  /** Verifies call-control messages; without it, control commands are ignored. */
  workerSecret?: string;
  /** For tool webhooks (tests). */
  fetch?: typeof fetch;
}

type Logger = ReturnType<typeof log>;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

class TimeoutError extends Error {
  override name = "TimeoutError";
}

/** Rejects with TimeoutError if `promise` has not settled within `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError(`${what} timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits for `promise` at most `ms`; never throws. Resolves true if it fulfilled in time. */
async function settle(promise: Promise<unknown>, ms: number, logger: Logger, what: string): Promise<boolean> {
  try {
    await withTimeout(promise, ms, what);
    return true;
  } catch (error) {
    logger.warn({ error: message(error) }, `${what} failed`);
    return false;
  }
}

/** Longest wait for the `ended` event's extra fields (the recording upload, mostly). */
const DETAILS_TIMEOUT_MS = 45_000;

/** Posts `started` once and `ended` exactly once, in that order. */
export class CallReporter {
  #startedAt: Date | undefined;
  #startedPost: Promise<void> | undefined;
  #ended: Promise<void> | undefined;
  readonly #details: (() => Promise<Partial<CallEndedEvent>>)[] = [];

  constructor(
    private readonly callId: string,
    private readonly app: AppClient,
    private readonly transcript: TranscriptCollector,
    private readonly logger: Logger,
    private readonly toolCalls?: ToolCallRecorder,
  ) {}

  get hasEnded(): boolean {
    return this.#ended !== undefined;
  }

  get hasStarted(): boolean {
    return this.#startedAt !== undefined;
  }

  /** Adds fields to the `ended` event (timings, usage, recording), gathered when the call ends. */
  addEndedDetails(details: () => Promise<Partial<CallEndedEvent>>): void {
    this.#details.push(details);
  }

  markStarted(): void {
    if (this.#startedAt || this.#ended) return;
    this.#startedAt = new Date();
    this.#startedPost = this.app
      .postCallEvent(this.callId, { type: "started", at: this.#startedAt.toISOString() }, { retries: 2 })
      .catch((error) => this.logger.error({ error: message(error) }, "could not report call start"));
  }

  end(outcome: CallOutcome): Promise<void> {
    this.#ended ??= (async () => {
      await this.#startedPost;
      const event: CallEndedEvent = {
        type: "ended",
        status: outcome.status,
        end_reason: outcome.endReason,
        error: outcome.error ?? null,
        ...(this.#startedAt ? { started_at: this.#startedAt.toISOString() } : {}),
        ended_at: new Date().toISOString(),
        transcript: this.transcript.entries,
        ...(this.toolCalls ? { tool_calls: this.toolCalls.records } : {}),
      };
      // Bounded, and a failure only drops its own fields: the report itself always goes out.
      for (const details of this.#details) {
        try {
          Object.assign(event, await withTimeout(details(), DETAILS_TIMEOUT_MS, "gathering the end-of-call details"));
        } catch (error) {
          this.logger.warn({ error: message(error) }, "end-of-call details are missing from the report");
        }
      }
      try {
        await this.app.postCallEvent(this.callId, event, { retries: 4 });
        this.logger.info({ status: event.status, endReason: event.end_reason, turns: event.transcript.length }, "call ended");
      } catch (error) {
        this.logger.error({ error: message(error) }, "could not report call end");
      }
    })();
    return this.#ended;
  }
}

class Call {
  readonly #ctx: JobContext;
  #config: CallConfig | undefined;
  readonly #deps: CallDeps;
  readonly #logger: Logger;
  readonly #timeouts: CallTimeouts;
  readonly #transcript = new TranscriptCollector();
  readonly #toolCalls = new ToolCallRecorder();
  readonly #reporter: CallReporter;
  #ender: ConversationEnder | undefined;
  #silence: SilenceMonitor | undefined;
  #detachControl: (() => void) | undefined;
  #session: voice.AgentSession | undefined;
  #callerIdentity: string | undefined;
  #requestedEnd: EndReason | undefined;
  #lastFatalError: voice.ErrorEvent["error"] | undefined;
  #finishing: Promise<void> | undefined;
  #maxDurationTimer: NodeJS.Timeout | undefined;

  constructor(ctx: JobContext, callId: string, deps: CallDeps, logger: Logger) {
    this.#ctx = ctx;
    this.#deps = deps;
    this.#logger = logger;
    this.#timeouts = { ...DEFAULT_TIMEOUTS, ...deps.timeouts };
    this.#reporter = new CallReporter(callId, deps.app, this.#transcript, logger, this.#toolCalls);
    ctx.addShutdownCallback(() => this.#onJobShutdown());
  }

  async run(config: CallConfig): Promise<void> {
    this.#config = config;
    const { assistant } = config;

    if (!assistant.is_active) {
      return this.fail("assistant_inactive", "assistant is not active");
    }

    let providers;
    try {
      // A non-streaming STT behind a fallback adapter needs the VAD to cut utterances.
      providers = createProviders(assistant, this.#deps.env, config.provider_keys, { vad: () => (this.#deps.vad ??= loadVad()) });
    } catch (error) {
      if (error instanceof ProviderConfigError) return this.fail("provider_error", error.message);
      return this.fail("agent_error", `could not set up providers: ${message(error)}`);
    }

    const session = buildSession(providers, {
      vad: this.#deps.vad,
      turnDetection: this.#deps.turnDetection,
      turnTaking: turnTakingOverrides(assistant.speech_config),
    });
    this.#session = session;
    const telemetry = new CallTelemetry(session, {
      app: this.#deps.app,
      callId: config.call.id,
      config,
      sessionDirectory: this.#ctx.sessionDirectory,
      logger: this.#logger,
      failovers: providers.failovers,
    });
    this.#reporter.addEndedDetails(() => telemetry.endedDetails());
    const failovers = providers.failovers;
    this.#reporter.addEndedDetails(async () => ({ failovers: failovers.entries }));
    const agent = this.#buildConversation(config, session);
    session.on(voice.AgentSessionEventTypes.ConversationItemAdded, (ev) => this.#transcript.add(ev.item));
    session.on(voice.AgentSessionEventTypes.Error, (ev) => {
      if (!ev.error.recoverable) this.#lastFatalError = ev.error;
    });
    session.on(voice.AgentSessionEventTypes.Close, (ev) => {
      void this.#outcomeOfClose(ev).then((outcome) => this.finish(outcome));
    });
    this.#ctx.room.on(RoomEvent.ParticipantDisconnected, (participant: RemoteParticipant) => {
      if (participant.identity === this.#callerIdentity) this.requestEnd("user_hangup");
    });

    try {
      // start() connects to the room; RoomIO then links the first caller that joins.
      await withTimeout(
        session.start({ agent, room: this.#ctx.room, record: sessionRecordOptions(config.recording.enabled) }),
        this.#timeouts.sessionStartMs,
        "session start",
      );
    } catch (error) {
      return this.fail("agent_error", `session did not start: ${message(error)}`);
    }

    let caller: RemoteParticipant;
    try {
      caller = await withTimeout(this.#ctx.waitForParticipant(), this.#timeouts.participantMs, "waiting for the caller");
    } catch {
      return this.requestEnd("no_participant");
    }
    if (this.#finishing) return;
    this.#callerIdentity = caller.identity;

    this.#reporter.markStarted();
    this.#startBehaviours(config, session, agent);
  }

  /** The agent with its tools, and the ender the behaviours share. */
  #buildConversation(config: CallConfig, session: voice.AgentSession): SwitchboardAgent {
    const { assistant } = config;
    const variables = callVariables(config.call);
    const render = (text: string) => substituteVariables(text, variables);
    const ender = new ConversationEnder({
      session,
      end: (reason) => this.requestEnd(reason),
      playoutTimeoutMs: this.#timeouts.goodbyeMs,
      onWarning: (warning) => this.#logger.warn(warning),
    });
    this.#ender = ender;
    const tools = buildTools({
      call: config.call,
      assistant,
      recorder: this.#toolCalls,
      ender,
      render,
      say: (text) => this.#say(session, text),
      onTransferFailed: (destination) => {
        this.#logger.warn("transfer failed");
        try {
          session.generateReply({
            instructions: `The transfer to ${destination} failed. Apologise to the caller and offer to help in another way.`,
          });
        } catch {
          // The session is closing.
        }
      },
      toolTimeoutMs: this.#timeouts.toolMs,
      fetch: this.#deps.fetch,
      onWarning: (warning, detail) => this.#logger.warn(detail, warning),
    });
    return new SwitchboardAgent(assistant, { render, tools });
  }

  /** Greeting, max duration, silence handling and call control, once the caller is in. */
  #startBehaviours(config: CallConfig, session: voice.AgentSession, agent: SwitchboardAgent): void {
    const { assistant } = config;
    const ender = this.#ender!;
    const variables = callVariables(config.call);
    const render = (text: string) => substituteVariables(text, variables);

    if (assistant.max_duration_seconds) {
      const goodbye = render(assistant.speech_config.end_call_message ?? DEFAULT_MAX_DURATION_MESSAGE);
      this.#maxDurationTimer = setTimeout(
        () => void ender.speakThenEnd("max_duration", goodbye, { interrupt: true }),
        assistant.max_duration_seconds * 1000,
      );
    }

    if (this.#deps.workerSecret) {
      const receiver = new ControlReceiver({
        callId: config.call.id,
        secret: this.#deps.workerSecret,
        actions: conversationControl({ session, agent, ender, recorder: this.#toolCalls }),
        acknowledge: (commandId, status, error) =>
          this.#deps.app.postCallEvent(config.call.id, { type: "command", command_id: commandId, status, error: error ?? null }, { retries: 2 }),
        onWarning: (warning, detail) => this.#logger.warn(detail ?? {}, warning),
      });
      this.#detachControl = receiver.attach(this.#ctx.room);
    }

    // Outbound calls may have their own greeting (speech_config.first_message_outbound).
    const outboundGreeting = config.call.type === "outbound" ? assistant.speech_config.first_message_outbound : undefined;
    const greeting = render(outboundGreeting?.trim() || assistant.first_message || "").trim();
    if (greeting) this.#say(session, greeting);

    const silence = silenceSettings(assistant, render);
    if (silence) this.#silence = new SilenceMonitor(session, ender, silence);
  }

  #say(session: voice.AgentSession, text: string): void {
    try {
      session.say(text, { allowInterruptions: true });
    } catch (error) {
      // The session closed meanwhile; its close event ends the call.
      this.#logger.warn({ error: message(error) }, "could not speak");
    }
  }

  /** Ends the call for `reason`; the session's close event then finishes it. */
  requestEnd(reason: EndReason): void {
    this.#requestedEnd ??= reason;
    if (!this.#session) {
      void this.finish({ status: "ended", endReason: reason });
      return;
    }
    this.#session.shutdown({ drain: false });
    // A session that already closed emits no second close event: finish regardless.
    setTimeout(() => {
      if (!this.#finishing) void this.finish({ status: "ended", endReason: this.#requestedEnd ?? reason });
    }, this.#timeouts.sessionCloseMs).unref();
  }

  /** Ends a call that cannot go on: tells the client, reports, hangs up. */
  async fail(endReason: EndReason, error: string): Promise<void> {
    this.#logger.error({ endReason, error }, "call failed");
    if (this.#session) {
      this.#requestedEnd ??= endReason;
      this.#session.shutdown({ drain: false });
    }
    return this.finish({ status: "failed", endReason, error });
  }

  finish(outcome: CallOutcome): Promise<void> {
    this.#finishing ??= (async () => {
      clearTimeout(this.#maxDurationTimer);
      this.#silence?.stop();
      this.#detachControl?.();
      let notifiedAt: number | undefined;
      if (outcome.status === "failed") {
        await this.#notifyClient(outcome);
        notifiedAt = Date.now();
      }
      await this.#reporter.end(outcome);
      if (notifiedAt) await sleep(Math.max(0, notifiedAt + this.#timeouts.errorGraceMs - Date.now()));
      // Deleting the room hangs up everyone still in it (a SIP caller included).
      if (this.#ctx.room.isConnected) {
        await settle(this.#ctx.deleteRoom(), this.#timeouts.deleteRoomMs, this.#logger, "deleting the room");
      }
      this.#ctx.shutdown(outcome.endReason);
    })();
    return this.#finishing;
  }

  async #notifyClient(outcome: CallOutcome): Promise<void> {
    const text = outcome.error ?? outcome.endReason;
    const room = this.#ctx.room;
    if (!room.isConnected) {
      await settle(this.#ctx.connect(), this.#timeouts.roomConnectMs, this.#logger, "connecting to the room");
    }
    const local = room.localParticipant;
    if (!room.isConnected || !local) return;
    // Attributes are state, so a client that joins later still sees them; the text
    // message reaches clients already in the room. Both bounded, neither waits on the other.
    const attribute = settle(
      local.setAttributes({ [ERROR_ATTRIBUTE]: text, [ERROR_CODE_ATTRIBUTE]: outcome.endReason }),
      this.#timeouts.notifyMs,
      this.#logger,
      "publishing the error attribute",
    );
    const notice = (async () => {
      if (room.remoteParticipants.size === 0) {
        await settle(this.#ctx.waitForParticipant(), this.#timeouts.notifyMs, this.#logger, "waiting for a client to notify");
      }
      if (room.remoteParticipants.size === 0) return;
      await settle(
        local.sendText(text, { topic: ERROR_TOPIC, attributes: { code: outcome.endReason } }),
        this.#timeouts.notifyMs,
        this.#logger,
        "sending the error message",
      );
    })();
    await Promise.all([attribute, notice]);
  }

  async #outcomeOfClose(ev: voice.CloseEvent): Promise<CallOutcome> {
    const fatal = ev.error ?? (ev.reason === voice.CloseReason.ERROR ? this.#lastFatalError : undefined);
    if (fatal) {
      // STT/LLM/TTS errors wrap the plugin's error; other kinds are errors themselves.
      const cause = "error" in fatal ? fatal.error : fatal;
      const stage = stageOfErrorType(fatal.type);
      if (stage) {
        return { status: "failed", endReason: "provider_error", error: await this.#describeStageFailure(stage, cause) };
      }
      return { status: "failed", endReason: "agent_error", error: message(cause) };
    }
    if (this.#requestedEnd) return { status: "ended", endReason: this.#requestedEnd };
    if (ev.reason === voice.CloseReason.PARTICIPANT_DISCONNECTED) return { status: "ended", endReason: "user_hangup" };
    if (ev.reason === voice.CloseReason.JOB_SHUTDOWN) return { status: "ended", endReason: "worker_shutdown" };
    return { status: "ended", endReason: this.#ctx.room.isConnected ? "worker_shutdown" : "room_closed" };
  }

  async #describeStageFailure(stage: Stage, error: unknown): Promise<string> {
    if (!this.#config) return formatProviderError({ stage, provider: "unknown" }, message(error));
    const { assistant, provider_keys: keys } = this.#config;
    const env = this.#deps.env;
    const config = { stt: assistant.stt_config, llm: assistant.llm_config, tts: assistant.tts_config }[stage];
    let baseUrl: string | undefined;
    try {
      if (stage === "stt") baseUrl = resolveSttTarget(assistant.stt_config, env, keys).baseUrl;
      if (stage === "llm") baseUrl = resolveLlmTarget(assistant.llm_config, env, keys).baseUrl;
      if (stage === "tts") baseUrl = resolveTtsTarget(assistant.tts_config, env, keys).baseUrl;
    } catch {
      // The session ran, so the targets resolved before; nothing to probe otherwise.
    }
    return describeProviderFailure({ stage, provider: config.provider, baseUrl }, error);
  }

  /** The job is going away (room gone, worker draining): make sure `ended` is posted. */
  async #onJobShutdown(): Promise<void> {
    if (!this.#finishing && !this.#reporter.hasEnded) {
      const endReason: EndReason = this.#ctx.room.isConnected ? "worker_shutdown" : "room_closed";
      await settle(
        this.#reporter.end({ status: this.#reporter.hasStarted ? "ended" : "failed", endReason }),
        this.#timeouts.reportMs,
        this.#logger,
        "reporting the call end",
      );
      return;
    }
    await settle(this.#finishing ?? Promise.resolve(), this.#timeouts.reportMs, this.#logger, "finishing the call");
  }
}

/** The job entry for one dispatched call. */
export async function runCall(ctx: JobContext, deps: CallDeps): Promise<void> {
  const logger = log().child({ jobId: ctx.job.id });
  let callId: string;
  try {
    callId = parseDispatchMetadata(ctx.job.metadata).call_id;
  } catch (error) {
    logger.error({ error: message(error) }, "rejecting job with invalid dispatch metadata");
    ctx.shutdown("invalid_metadata");
    return;
  }
  const callLogger = logger.child({ callId });

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
    return new Call(ctx, callId, deps, callLogger).fail("agent_error", `could not load call config: ${message(error)}`);
  }
  if (config.call.id !== callId) {
    callLogger.error("call config is for a different call, ending job");
    ctx.shutdown("call_unavailable");
    return;
  }

  await new Call(ctx, callId, deps, callLogger).run(config);
}
