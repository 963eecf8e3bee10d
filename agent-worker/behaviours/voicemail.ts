// Voicemail detection (assistant.voicemail_detection, outbound calls): the agent says nothing
// until the callee's first utterance is classified (voicemail-classifier.ts). A person (or a
// callee silent for the greeting window) gets the greeting and the conversation; a machine
// gets no conversation at all: after its greeting and beep have gone quiet the assistant
// leaves voicemail_message (when set) and hangs up, end_reason voicemail. Checked once per call.
import type { VoicemailDetection } from "../../lib/contract/call-events";
import { classifyGreeting } from "./voicemail-classifier";

export interface VoicemailTiming {
  /** How long the callee has to start speaking after the answer; silence until then counts as a person. */
  greetingWaitMs: number;
  /** Upper bound for the first utterance's final transcript once the callee has started speaking. */
  greetingMaxMs: number;
  /** Quiet after the machine's greeting (and its beep) before the message starts. */
  quietMs: number;
  /** Upper bound for waiting for that quiet (a machine that plays music). */
  quietMaxMs: number;
}

export const DEFAULT_VOICEMAIL_TIMING: VoicemailTiming = {
  greetingWaitMs: 5_000,
  greetingMaxMs: 20_000,
  quietMs: 800,
  quietMaxMs: 20_000,
};

/** The callee's speech activity: the session's VAD user state, and the STT's interim transcripts. */
export interface CalleeActivity {
  isSpeaking(): boolean;
  /** Subscribes to speaking / not speaking changes; returns the unsubscribe. */
  onChange(listener: (speaking: boolean) => void): () => void;
  /** Subscribes to transcripts with text (interim ones included) before a turn is committed; returns the unsubscribe. */
  onTranscript(listener: () => void): () => void;
}

export interface VoicemailScreenOptions {
  /** The keyword lists to check (voicemailLanguages of the assistant). */
  languages: string[];
  /** What to leave on the machine; null: hang up at once. */
  message: string | null;
  callee: CalleeActivity;
  /** A person answered (or nobody spoke): greet and converse. */
  onHuman(detection: VoicemailDetection): void;
  /** A machine answered: say `message` (if any) without interruptions, then end the call with end_reason voicemail. */
  leaveMessage(message: string | null): Promise<void>;
  timing?: Partial<VoicemailTiming>;
  now?: () => Date;
}

type State = "screening" | "human" | "machine";

export class VoicemailScreen {
  readonly #opts: VoicemailScreenOptions;
  readonly #timing: VoicemailTiming;
  #state: State = "screening";
  #stopped = false;
  /** Whether the callee has started speaking (a greeting is on its way to the transcript). */
  #spoke = false;
  #detection: VoicemailDetection | undefined;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(opts: VoicemailScreenOptions) {
    this.#opts = opts;
    this.#timing = { ...DEFAULT_VOICEMAIL_TIMING, ...opts.timing };
  }

  /** What was detected, once it was (for the end-of-call report). */
  get detection(): VoicemailDetection | undefined {
    return this.#detection && { ...this.#detection, matched: [...this.#detection.matched] };
  }

  /**
   * Whether the callee's turns are kept from the model: while screening (the first utterance
   * is classified, not answered) and for the rest of a call a machine answered.
   */
  get holdsReplies(): boolean {
    return this.#state === "screening" || this.#state === "machine";
  }

  /** The callee can hear (the call was answered): start the greeting window. */
  start(): void {
    if (this.#state !== "screening" || this.#stopped || this.#timer) return;
    const { callee } = this.#opts;
    const noteSpeech = () => (this.#spoke = true);
    const unsubscribeState = callee.onChange((speaking) => speaking && noteSpeech());
    const unsubscribeTranscript = callee.onTranscript(noteSpeech);
    this.#unsubscribe = () => {
      unsubscribeState();
      unsubscribeTranscript();
    };
    this.#arm(this.#timing.greetingWaitMs, () => {
      if (!this.#spoke && !callee.isSpeaking()) return this.#decideHuman(null);
      // A greeting is under way (a machine's lasts longer than the window): give its transcript
      // the time it takes, within a bound.
      this.#arm(this.#timing.greetingMaxMs - this.#timing.greetingWaitMs, () => this.#decideHuman(null));
    });
  }

  /** One committed utterance of the callee. Returns true when the model must not answer it. */
  heard(text: string): boolean {
    if (this.#state !== "screening" || this.#stopped) return this.holdsReplies;
    const greeting = text.trim();
    if (!greeting) return true;
    const classification = classifyGreeting(greeting, this.#opts.languages);
    if (classification.kind === "human") {
      this.#decideHuman(greeting, classification.matched);
      return true;
    }
    this.#clear();
    this.#state = "machine";
    this.#detection = { result: "machine", greeting, matched: classification.matched, detected_at: this.#now(), message_left: false };
    void this.#leaveMessage();
    return true;
  }

  /** The call is finishing: no decision, no message any more. */
  stop(): void {
    this.#stopped = true;
    this.#clear();
  }

  #decideHuman(greeting: string | null, matched: string[] = []): void {
    this.#clear();
    this.#state = "human";
    this.#detection = { result: greeting === null ? "no_greeting" : "human", greeting, matched, detected_at: this.#now(), message_left: false };
    this.#opts.onHuman(this.detection!);
  }

  async #leaveMessage(): Promise<void> {
    const message = this.#opts.message?.trim() || null;
    if (message) await this.#waitForQuiet();
    if (this.#stopped) return;
    if (message) this.#detection!.message_left = true;
    await this.#opts.leaveMessage(message);
  }

  /** Resolves once the callee (the machine's greeting, then its beep) has been quiet for quietMs, or at quietMaxMs. */
  #waitForQuiet(): Promise<void> {
    const { callee } = this.#opts;
    return new Promise<void>((resolve) => {
      let quietTimer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(quietTimer);
        this.#clear();
        resolve();
      };
      const armQuiet = () => {
        clearTimeout(quietTimer);
        quietTimer = setTimeout(done, this.#timing.quietMs);
        quietTimer.unref?.();
      };
      this.#unsubscribe = callee.onChange((speaking) => (speaking ? clearTimeout(quietTimer) : armQuiet()));
      this.#arm(this.#timing.quietMaxMs, done);
      if (!callee.isSpeaking()) armQuiet();
    });
  }

  #arm(ms: number, fire: () => void): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      fire();
    }, Math.max(0, ms));
    this.#timer.unref?.();
  }

  #clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  #now(): string {
    return (this.#opts.now?.() ?? new Date()).toISOString();
  }
}
