// Ending a conversation on purpose (end_call tool, max duration, silence, call control,
// transfer): optionally say a last message, wait for it to play out (bounded), then hand
// the end reason to the call, which shuts the session down and reports it. The first
// request wins; later ones are ignored.
import type { voice } from "@livekit/agents";
import { SPEECH_DEFAULTS } from "../../lib/contract/defaults";
import type { ConversationEndReason } from "../../lib/contract/end-reasons";

export type { ConversationEndReason };

export const DEFAULT_GOODBYE = SPEECH_DEFAULTS.goodbye;
export const DEFAULT_MAX_DURATION_MESSAGE = SPEECH_DEFAULTS.max_duration_message;
export const DEFAULT_TRANSFER_MESSAGE = SPEECH_DEFAULTS.transfer_message;

export interface ConversationEnderOptions {
  session: voice.AgentSession;
  /** Ends the call now (the session is shut down by the callee). */
  end: (reason: ConversationEndReason) => void;
  /** Moves the caller to `destination` (SIP REFER); absent for web calls. Throws when it fails. */
  transferSip?: (destination: string) => Promise<void>;
  /** Upper bound for a last message's playout. */
  playoutTimeoutMs?: number;
  onWarning?: (message: string) => void;
}

export interface SpeakThenEndOptions {
  /** Cut off what the assistant is saying first. */
  interrupt?: boolean;
  /** Upper bound for this message's playout, when it may be longer than a goodbye (a voicemail message). */
  playoutTimeoutMs?: number;
}

export class ConversationEnder {
  readonly #opts: ConversationEnderOptions;
  #reason: ConversationEndReason | undefined;

  constructor(opts: ConversationEnderOptions) {
    this.#opts = opts;
  }

  get isEnding(): boolean {
    return this.#reason !== undefined;
  }

  get reason(): ConversationEndReason | undefined {
    return this.#reason;
  }

  /** Says `message` (if any), waits for it, ends with `reason`. False if an end was already under way. */
  async speakThenEnd(reason: ConversationEndReason, message: string | null | undefined, opts: SpeakThenEndOptions = {}): Promise<boolean> {
    if (this.#reason) return false;
    this.#reason = reason;
    await this.#speak(message, opts.interrupt ?? false, opts.playoutTimeoutMs);
    this.#opts.end(reason);
    return true;
  }

  /**
   * Transfers the caller: says the destination's message, then either hands the caller to
   * the destination over SIP or (web calls, which have no phone leg) ends the call as
   * transferred. A failed SIP transfer throws and the conversation goes on.
   */
  async transfer(
    destination: string,
    message: string | null | undefined,
    /** Runs just before the call ends (e.g. to complete the tool call record). */
    beforeEnd?: (mode: "sip" | "ended") => void,
  ): Promise<"sip" | "ended"> {
    if (this.#reason) throw new Error("the call is already ending");
    this.#reason = "transferred";
    await this.#speak(message ?? DEFAULT_TRANSFER_MESSAGE, false);
    if (this.#opts.transferSip) {
      try {
        await this.#opts.transferSip(destination);
      } catch (error) {
        this.#reason = undefined;
        throw error;
      }
      beforeEnd?.("sip");
      this.#opts.end("transferred");
      return "sip";
    }
    beforeEnd?.("ended");
    this.#opts.end("transferred");
    return "ended";
  }

  async #speak(message: string | null | undefined, interrupt: boolean, playoutTimeoutMs?: number): Promise<void> {
    const text = message?.trim();
    const session = this.#opts.session;
    try {
      if (interrupt) await boundedWait(session.interrupt({ force: true }).await.catch(() => undefined), 3_000);
      if (!text) return;
      const handle = session.say(text, { allowInterruptions: false });
      await boundedWait(handle.waitForPlayout(), playoutTimeoutMs ?? this.#opts.playoutTimeoutMs ?? 30_000);
    } catch (error) {
      // The session may already be closing; the end goes ahead regardless.
      this.#opts.onWarning?.(`could not speak the last message: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

async function boundedWait(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}
