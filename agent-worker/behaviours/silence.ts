// Autonomous silence handling (assistant.autonomous_silence_handling): when the caller says
// nothing after the assistant has finished speaking, the assistant re-prompts ("Are you still
// there?"); after max_attempts unanswered prompts it says the final message and ends the call
// with end_reason silence_timeout. Anything the caller says starts the count again.
import { voice } from "@livekit/agents";
import type { AssistantConfig } from "../../lib/contract/call-config";
import { SPEECH_DEFAULTS } from "../../lib/contract/defaults";
import type { ConversationEnder } from "./ending";

const defaults = SPEECH_DEFAULTS.silence;
export const DEFAULT_SILENCE_MESSAGES: readonly string[] = defaults.messages;
export const DEFAULT_SILENCE_FINAL_MESSAGE = defaults.final_message;
export const DEFAULT_FIRST_CHECK_SECONDS = defaults.first_check_seconds;
export const DEFAULT_INTERVAL_SECONDS = defaults.interval_seconds;
export const DEFAULT_MAX_ATTEMPTS = defaults.max_attempts;

export interface SilenceSettings {
  firstCheckMs: number;
  intervalMs: number;
  maxAttempts: number;
  messages: string[];
  finalMessage: string;
}

/**
 * The assistant's silence settings, or null when silence handling is off. The first check is
 * speech_config.silence.first_check_seconds, else the top-level silence_timeout_seconds, else 7 s.
 */
export function silenceSettings(
  assistant: Pick<AssistantConfig, "autonomous_silence_handling" | "silence_timeout_seconds" | "speech_config">,
  render: (text: string) => string = (t) => t,
): SilenceSettings | null {
  if (!assistant.autonomous_silence_handling) return null;
  const silence = assistant.speech_config.silence;
  const messages = (silence?.messages ?? []).map((m) => render(m).trim()).filter(Boolean);
  const finalMessage = silence?.final_message ? render(silence.final_message).trim() : "";
  return {
    firstCheckMs: 1000 * (silence?.first_check_seconds ?? assistant.silence_timeout_seconds ?? DEFAULT_FIRST_CHECK_SECONDS),
    intervalMs: 1000 * (silence?.interval_seconds ?? DEFAULT_INTERVAL_SECONDS),
    maxAttempts: Math.max(1, Math.round(silence?.max_attempts ?? DEFAULT_MAX_ATTEMPTS)),
    messages: messages.length ? messages : [...DEFAULT_SILENCE_MESSAGES],
    finalMessage: finalMessage || DEFAULT_SILENCE_FINAL_MESSAGE,
  };
}

export class SilenceMonitor {
  readonly #session: voice.AgentSession;
  readonly #ender: ConversationEnder;
  readonly #settings: SilenceSettings;
  #timer: NodeJS.Timeout | undefined;
  #attempts = 0;
  #agentState: voice.AgentState;
  #userState: voice.UserState;
  #stopped = false;
  readonly #unsubscribe: () => void;

  constructor(session: voice.AgentSession, ender: ConversationEnder, settings: SilenceSettings) {
    this.#session = session;
    this.#ender = ender;
    this.#settings = settings;
    this.#agentState = session.agentState;
    this.#userState = session.userState;

    const onAgentState = (ev: voice.AgentStateChangedEvent) => {
      this.#agentState = ev.newState;
      this.#rearm();
    };
    const onUserState = (ev: voice.UserStateChangedEvent) => {
      this.#userState = ev.newState;
      if (ev.newState === "speaking") this.#attempts = 0;
      this.#rearm();
    };
    const onTranscribed = (ev: voice.UserInputTranscribedEvent) => {
      if (ev.transcript.trim()) this.#heardCaller();
    };
    const onItem = (ev: voice.ConversationItemAddedEvent) => {
      if (ev.item.type === "message" && ev.item.role === "user") this.#heardCaller();
    };
    session.on(voice.AgentSessionEventTypes.AgentStateChanged, onAgentState);
    session.on(voice.AgentSessionEventTypes.UserStateChanged, onUserState);
    session.on(voice.AgentSessionEventTypes.UserInputTranscribed, onTranscribed);
    session.on(voice.AgentSessionEventTypes.ConversationItemAdded, onItem);
    this.#unsubscribe = () => {
      session.off(voice.AgentSessionEventTypes.AgentStateChanged, onAgentState);
      session.off(voice.AgentSessionEventTypes.UserStateChanged, onUserState);
      session.off(voice.AgentSessionEventTypes.UserInputTranscribed, onTranscribed);
      session.off(voice.AgentSessionEventTypes.ConversationItemAdded, onItem);
    };
    this.#rearm();
  }

  /** How many re-prompts have gone unanswered so far. */
  get attempts(): number {
    return this.#attempts;
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#unsubscribe();
  }

  #heardCaller(): void {
    this.#attempts = 0;
    this.#rearm();
  }

  /** The clock runs only while both sides are quiet and the assistant waits for the caller. */
  #rearm(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#stopped || this.#ender.isEnding) return;
    const waiting = (this.#agentState === "listening" || this.#agentState === "idle") && this.#userState !== "speaking";
    if (!waiting) return;
    const delay = this.#attempts === 0 ? this.#settings.firstCheckMs : this.#settings.intervalMs;
    this.#timer = setTimeout(() => this.#onSilence(), delay);
    this.#timer.unref?.();
  }

  #onSilence(): void {
    this.#timer = undefined;
    if (this.#stopped || this.#ender.isEnding) return;
    if (this.#attempts >= this.#settings.maxAttempts) {
      this.stop();
      void this.#ender.speakThenEnd("silence_timeout", this.#settings.finalMessage);
      return;
    }
    const messages = this.#settings.messages;
    const text = messages[this.#attempts % messages.length] ?? DEFAULT_SILENCE_MESSAGES[0]!;
    this.#attempts++;
    try {
      this.#session.say(text, { allowInterruptions: true });
    } catch {
      // The session is closing; its close event ends the call.
      this.stop();
    }
  }
}
