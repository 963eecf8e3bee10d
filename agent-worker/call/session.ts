// The narrow view of the conversation that a call drives: start it, let it begin once the
// caller can hear, stop it, learn how it closed. VoiceCallSession (voice-session.ts) is the
// real one over the agents framework; unit tests drive the call with a fake.
import type { Stage } from "../../lib/contract/provider-catalogue";
import type { EndReason, SessionClose } from "./outcome";
import type { CallParticipant } from "./room";

export interface CallSession {
  /** Connects to the room and starts the voice pipeline. */
  start(): Promise<void>;
  /** The caller can hear: greet, and start max duration, silence handling and call control. */
  begin(caller: CallParticipant): void;
  /** Stops the pipeline now; the close event follows (or never comes, if it had closed already). */
  shutdown(): void;
  /** Stops the behaviours' timers and listeners; the call is finishing. */
  stop(): void;
  onClose(listener: (close: SessionClose) => void): void;
  /** Names the failed provider ("deepgram (stt): connection refused"). */
  describeProviderFailure(stage: Stage, cause: unknown): Promise<string>;
}

/** What the session may ask of its call. */
export interface CallSessionHooks {
  /** Ends the call on purpose (end_call tool, max duration, silence, call control, transfer). */
  requestEnd(reason: EndReason): void;
}

/** The session could not be set up (providers): the call fails with this end reason. */
export class CallSetupError extends Error {
  override name = "CallSetupError";
  constructor(
    readonly endReason: EndReason,
    message: string,
  ) {
    super(message);
  }
}
