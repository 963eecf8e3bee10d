// The conversation of one call over the agents framework: providers (with fallbacks), the
// AgentSession and its telemetry, the agent with its tools, and the behaviours that start once
// the caller can hear (greeting, maximum duration, silence handling, call control).
import { voice, type llm, type VAD } from "@livekit/agents";
import type { Room } from "@livekit/rtc-node";
import type { CallConfig } from "../../lib/contract/call-config";
import { SPEECH_DEFAULTS } from "../../lib/contract/defaults";
import type { Stage } from "../../lib/contract/provider-catalogue";
import { SwitchboardAgent } from "../agent";
import type { AppClient } from "../app-client";
import { ConversationEnder } from "../behaviours/ending";
import { SilenceMonitor, silenceSettings } from "../behaviours/silence";
import { turnTakingOverrides } from "../behaviours/turn-taking";
import { VoicemailScreen, type CalleeActivity } from "../behaviours/voicemail";
import { voicemailLanguages } from "../behaviours/voicemail-classifier";
import { CallTelemetry } from "../call-telemetry";
import { ControlReceiver, conversationControl } from "../control";
import type { TurnDetectionMode } from "../env";
import { createProviders, type ProvidersWithFailover } from "../fallbacks";
import { describeProviderFailure, stageOfErrorType } from "../provider-errors";
import { ProviderConfigError, resolveLlmTarget, resolveSttTarget, resolveTtsTarget, type ProviderEnv } from "../providers";
import { sessionRecordOptions } from "../recording";
import { buildSession, loadVad } from "../session";
import { buildTools } from "../tools";
import type { ToolCallRecorder } from "../tools/recorder";
import type { TranscriptCollector } from "../transcript";
import { callVariables, substituteVariables } from "../variables";
import type { CallerChannel } from "./channel";
import type { SessionClose } from "./outcome";
import type { CallReporter } from "./reporter";
import type { CallRoom, CallParticipant } from "./room";
import { CallSetupError, type CallSession, type CallSessionHooks } from "./session";
import { errorMessage, type CallTimeouts, type Logger } from "./timeouts";

export interface VoiceSessionDeps {
  app: AppClient;
  env: ProviderEnv;
  /** Loaded on first use when absent (a non-streaming STT behind a fallback adapter needs it too). */
  vad?: VAD;
  turnDetection?: TurnDetectionMode;
  /** Verifies call-control messages; without it, control commands are ignored. */
  workerSecret?: string;
  /** For tool webhooks (tests). */
  fetch?: typeof fetch;
}

export interface VoiceSessionParts {
  config: CallConfig;
  deps: VoiceSessionDeps;
  hooks: CallSessionHooks;
  channel: CallerChannel;
  /** The framework's room (the session's audio in and out) and the call's view of it. */
  livekitRoom: Room;
  room: CallRoom;
  sessionDirectory: string;
  reporter: CallReporter;
  transcript: TranscriptCollector;
  toolCalls: ToolCallRecorder;
  timeouts: CallTimeouts;
  logger: Logger;
}

export class VoiceCallSession implements CallSession {
  readonly #parts: VoiceSessionParts;
  readonly #session: voice.AgentSession;
  readonly #agent: SwitchboardAgent;
  readonly #ender: ConversationEnder;
  readonly #render: (text: string) => string;
  #lastFatalError: voice.ErrorEvent["error"] | undefined;
  #silence: SilenceMonitor | undefined;
  #detachControl: (() => void) | undefined;
  #maxDurationTimer: NodeJS.Timeout | undefined;
  #voicemail: VoicemailScreen | undefined;

  /** Throws CallSetupError when the providers cannot be set up. */
  constructor(parts: VoiceSessionParts) {
    this.#parts = parts;
    const { config, deps, logger } = parts;
    const { assistant } = config;
    let providers: ProvidersWithFailover;
    try {
      providers = createProviders(assistant, deps.env, config.provider_keys, { vad: () => (deps.vad ??= loadVad()) });
    } catch (error) {
      if (error instanceof ProviderConfigError) throw new CallSetupError("provider_error", error.message);
      throw new CallSetupError("agent_error", `could not set up providers: ${errorMessage(error)}`);
    }
    const session = buildSession(providers, {
      vad: deps.vad,
      turnDetection: deps.turnDetection,
      turnTaking: turnTakingOverrides(assistant.speech_config),
    });
    this.#session = session;
    const telemetry = new CallTelemetry(session, {
      app: deps.app,
      callId: config.call.id,
      config,
      sessionDirectory: parts.sessionDirectory,
      logger,
      failovers: providers.failovers,
    });
    parts.reporter.addEndedDetails(() => telemetry.endedDetails());
    parts.reporter.addEndedDetails(async () => ({ failovers: providers.failovers.entries }));
    parts.reporter.addEndedDetails(async () => (this.#voicemail?.detection ? { voicemail: this.#voicemail.detection } : {}));
    session.on(voice.AgentSessionEventTypes.ConversationItemAdded, (ev) => parts.transcript.add(ev.item));
    session.on(voice.AgentSessionEventTypes.Error, (ev) => {
      if (!ev.error.recoverable) this.#lastFatalError = ev.error;
    });

    const variables = callVariables(config.call);
    this.#render = (text: string) => substituteVariables(text, variables);
    this.#ender = new ConversationEnder({
      session,
      end: (reason) => parts.hooks.requestEnd(reason),
      playoutTimeoutMs: parts.timeouts.goodbyeMs,
      onWarning: (warning) => logger.warn(warning),
    });
    const tools = buildTools({
      call: config.call,
      assistant,
      recorder: parts.toolCalls,
      ender: this.#ender,
      render: this.#render,
      say: (text) => this.#say(text),
      onTransferFailed: (destination) => {
        logger.warn("transfer failed");
        try {
          session.generateReply({
            instructions: `The transfer to ${destination} failed. Apologise to the caller and offer to help in another way.`,
          });
        } catch {
          // The session is closing.
        }
      },
      toolTimeoutMs: parts.timeouts.toolMs,
      fetch: deps.fetch,
      onWarning: (warning, detail) => logger.warn(detail, warning),
    });
    this.#agent = new SwitchboardAgent(assistant, { render: this.#render, tools, holdTurn: (message) => this.#holdTurn(message) });
  }

  start(): Promise<void> {
    // start() connects to the room; RoomIO then links the first participant of the channel's kinds.
    return this.#session.start({
      agent: this.#agent,
      room: this.#parts.livekitRoom,
      inputOptions: { participantKinds: this.#parts.channel.participantKinds },
      record: sessionRecordOptions(this.#parts.config.recording.enabled),
    });
  }

  begin(_caller: CallParticipant): void {
    const { config, deps, room, logger } = this.#parts;
    const { assistant } = config;
    const ender = this.#ender;

    if (assistant.max_duration_seconds) {
      const goodbye = this.#render(assistant.speech_config.end_call_message ?? SPEECH_DEFAULTS.max_duration_message);
      this.#maxDurationTimer = setTimeout(
        () => void ender.speakThenEnd("max_duration", goodbye, { interrupt: true }),
        assistant.max_duration_seconds * 1000,
      );
    }

    if (deps.workerSecret) {
      const receiver = new ControlReceiver({
        callId: config.call.id,
        secret: deps.workerSecret,
        actions: conversationControl({ session: this.#session, agent: this.#agent, ender, recorder: this.#parts.toolCalls }),
        acknowledge: (commandId, status, error) =>
          deps.app.postCallEvent(config.call.id, { type: "command", command_id: commandId, status, error: error ?? null }, { retries: 2 }),
        onWarning: (warning, detail) => logger.warn(detail ?? {}, warning),
      });
      this.#detachControl = room.attachControl(receiver);
    }

    // An outbound call to a possible answering machine greets only once a person answered.
    if (config.call.type === "outbound" && assistant.voicemail_detection) {
      this.#voicemail = this.#screenForVoicemail();
      this.#voicemail.start();
      return;
    }
    this.#converse();
  }

  /** The greeting, then the conversation with silence handling. */
  #converse(): void {
    const { config } = this.#parts;
    const { assistant } = config;
    // Outbound calls may have their own greeting (speech_config.first_message_outbound).
    const outboundGreeting = config.call.type === "outbound" ? assistant.speech_config.first_message_outbound : undefined;
    const greeting = this.#render(outboundGreeting?.trim() || assistant.first_message || "").trim();
    if (greeting) this.#say(greeting);

    const silence = silenceSettings(assistant, this.#render);
    if (silence) this.#silence = new SilenceMonitor(this.#session, this.#ender, silence);
  }

  #screenForVoicemail(): VoicemailScreen {
    const { config, logger } = this.#parts;
    const { assistant } = config;
    const session = this.#session;
    const callee: CalleeActivity = {
      isSpeaking: () => session.userState === "speaking",
      onChange: (listener) => {
        const onState = (ev: voice.UserStateChangedEvent) => listener(ev.newState === "speaking");
        session.on(voice.AgentSessionEventTypes.UserStateChanged, onState);
        return () => session.off(voice.AgentSessionEventTypes.UserStateChanged, onState);
      },
      onTranscript: (listener) => {
        const onTranscribed = (ev: voice.UserInputTranscribedEvent) => ev.transcript.trim() && listener();
        session.on(voice.AgentSessionEventTypes.UserInputTranscribed, onTranscribed);
        return () => session.off(voice.AgentSessionEventTypes.UserInputTranscribed, onTranscribed);
      },
    };
    const message = assistant.voicemail_message ? this.#render(assistant.voicemail_message) : null;
    // While the callee is screened nothing is answered, so no reply is drafted ahead either (it
    // would ask the model about a machine's greeting); a person gets it back.
    const preemptive = session.sessionOptions.turnHandling.preemptiveGeneration;
    const draftsAhead = preemptive.enabled;
    preemptive.enabled = false;
    return new VoicemailScreen({
      languages: voicemailLanguages(assistant.stt_config.language),
      message,
      callee,
      onHuman: (detection) => {
        logger.info({ result: detection.result, matched: detection.matched }, "voicemail detection: a person answered");
        preemptive.enabled = draftsAhead;
        this.#converse();
      },
      leaveMessage: async (text) => {
        logger.info({ messageLeft: text !== null }, "voicemail detection: an answering machine answered");
        // A voicemail message may be longer than a goodbye: bound its playout by its length (~10 characters a second).
        const playoutTimeoutMs = Math.min(180_000, 10_000 + (text?.length ?? 0) * 100);
        await this.#ender.speakThenEnd("voicemail", text, { playoutTimeoutMs });
      },
    });
  }

  /** The voicemail screen holds the callee's turns from the model; they still go into the transcript. */
  #holdTurn(message: llm.ChatMessage): boolean {
    const screen = this.#voicemail;
    if (!screen?.holdsReplies) return false;
    screen.heard(message.textContent ?? "");
    this.#parts.transcript.add(message);
    // The person's first words, answered by the greeting: the model should know them.
    if (!screen.holdsReplies) void this.#agent.addToConversation(message).catch(() => undefined);
    return true;
  }

  shutdown(): void {
    this.#session.shutdown({ drain: false });
  }

  stop(): void {
    clearTimeout(this.#maxDurationTimer);
    this.#voicemail?.stop();
    this.#silence?.stop();
    this.#detachControl?.();
  }

  onClose(listener: (close: SessionClose) => void): void {
    this.#session.on(voice.AgentSessionEventTypes.Close, (ev) => listener(this.#closeOf(ev)));
  }

  #closeOf(ev: voice.CloseEvent): SessionClose {
    const reason =
      ev.reason === voice.CloseReason.ERROR
        ? "error"
        : ev.reason === voice.CloseReason.PARTICIPANT_DISCONNECTED
          ? "participant_disconnected"
          : ev.reason === voice.CloseReason.JOB_SHUTDOWN
            ? "job_shutdown"
            : "other";
    const fatal = ev.error ?? (ev.reason === voice.CloseReason.ERROR ? this.#lastFatalError : undefined);
    if (!fatal) return { reason };
    // STT/LLM/TTS errors wrap the plugin's error; other kinds are errors themselves.
    return { reason, fatal: { stage: stageOfErrorType(fatal.type), cause: "error" in fatal ? fatal.error : fatal } };
  }

  async describeProviderFailure(stage: Stage, cause: unknown): Promise<string> {
    const { assistant, provider_keys: keys } = this.#parts.config;
    const env = this.#parts.deps.env;
    const config = { stt: assistant.stt_config, llm: assistant.llm_config, tts: assistant.tts_config }[stage];
    let baseUrl: string | undefined;
    try {
      if (stage === "stt") baseUrl = resolveSttTarget(assistant.stt_config, env, keys).baseUrl;
      if (stage === "llm") baseUrl = resolveLlmTarget(assistant.llm_config, env, keys).baseUrl;
      if (stage === "tts") baseUrl = resolveTtsTarget(assistant.tts_config, env, keys).baseUrl;
    } catch {
      // The session ran, so the targets resolved before; nothing to probe otherwise.
    }
    return describeProviderFailure({ stage, provider: config.provider, baseUrl }, cause);
  }

  #say(text: string): void {
    try {
      this.#session.say(text, { allowInterruptions: true });
    } catch (error) {
      // The session closed meanwhile; its close event ends the call.
      this.#parts.logger.warn({ error: errorMessage(error) }, "could not speak");
    }
  }
}
