// One call's lifecycle, from a started session to the room's deletion: wait for the caller
// (the channel says who and when), let the conversation begin, end exactly once for the
// first reason that comes (hang-up, a requested end, a session failure, the job going
// away), tell the client about failures, report, hang up. Everything it touches is behind
// CallRoom and CallSession, so unit tests drive it with fakes.
import { waitForCaller, type CallerChannel } from "./channel";
import { notifyClient } from "./client-notice";
import { DialFailedError } from "./outbound";
import { outcomeOfClose, type CallOutcome, type EndReason, type SessionClose } from "./outcome";
import type { CallReporter } from "./reporter";
import type { CallRoom } from "./room";
import { CallSetupError, type CallSession, type CallSessionHooks } from "./session";
import { DEFAULT_TIMEOUTS, errorMessage, settle, sleep, withTimeout, type CallTimeouts, type Logger } from "./timeouts";

export interface CallParts {
  room: CallRoom;
  channel: CallerChannel;
  reporter: Pick<CallReporter, "markStarted" | "end" | "hasEnded" | "hasStarted">;
  logger: Logger;
  timeouts?: Partial<CallTimeouts>;
  /**
   * Outbound calls: places the call once the session is up (the agent is in the room);
   * resolves when answered, rejects with DialFailedError when not.
   */
  placeCall?: () => Promise<void>;
}

/** Builds the conversation; throws CallSetupError when it cannot be set up. */
export type OpenSession = (hooks: CallSessionHooks) => CallSession;

export class Call {
  readonly #room: CallRoom;
  readonly #channel: CallerChannel;
  readonly #reporter: CallParts["reporter"];
  readonly #logger: Logger;
  readonly #timeouts: CallTimeouts;
  readonly #placeCall: (() => Promise<void>) | undefined;
  #session: CallSession | undefined;
  #callerIdentity: string | undefined;
  #answered = false;
  #requestedEnd: EndReason | undefined;
  #finishing: Promise<void> | undefined;
  #stopWatching: (() => void) | undefined;

  constructor(parts: CallParts) {
    this.#room = parts.room;
    this.#channel = parts.channel;
    this.#reporter = parts.reporter;
    this.#logger = parts.logger;
    this.#timeouts = { ...DEFAULT_TIMEOUTS, ...parts.timeouts };
    this.#placeCall = parts.placeCall;
    this.#room.onShutdown(() => this.#onJobShutdown());
  }

  get callerIdentity(): string | undefined {
    return this.#callerIdentity;
  }

  async run(openSession: OpenSession): Promise<void> {
    let session: CallSession;
    try {
      session = openSession({ requestEnd: (reason) => this.requestEnd(reason) });
    } catch (error) {
      if (error instanceof CallSetupError) return this.fail(error.endReason, error.message);
      return this.fail("agent_error", `could not set up the session: ${errorMessage(error)}`);
    }
    this.#session = session;
    session.onClose((close) => void this.#outcomeOf(close).then((outcome) => this.finish(outcome)));
    this.#stopWatching = this.#room.onParticipant((participant, change) => {
      // An outbound callee leaving before the answer is the dial's failure, which says why.
      if (this.#placeCall && !this.#answered) return;
      if (change === "left" && participant.identity === this.#callerIdentity) this.requestEnd("user_hangup");
    });

    try {
      await withTimeout(session.start(), this.#timeouts.sessionStartMs, "session start");
    } catch (error) {
      return this.fail("agent_error", `session did not start: ${errorMessage(error)}`);
    }
    if (this.#finishing) return;

    const wait = waitForCaller(this.#room, this.#channel, (caller) => (this.#callerIdentity = caller.identity));
    let caller;
    try {
      // A failed dial settles the wait at once; an answered one lets the caller's status decide.
      const dialFailure = this.#placeCall ? this.#placeCall().then(() => new Promise<never>(() => {})) : undefined;
      caller = await withTimeout(dialFailure ? Promise.race([wait.ready, dialFailure]) : wait.ready, this.#timeouts.participantMs, "waiting for the caller");
    } catch (error) {
      wait.cancel();
      if (error instanceof DialFailedError) return this.#endUnanswered(error.outcome);
      // A caller who joined and never became ready (a phone that kept ringing) is no caller either.
      return this.requestEnd("no_participant");
    }
    if (this.#finishing) return;
    this.#answered = true;
    this.#reporter.markStarted();
    session.begin(caller);
  }

  /** Ends the call for `reason`; the session's close event then finishes it. */
  requestEnd(reason: EndReason): void {
    this.#requestedEnd ??= reason;
    if (!this.#session) {
      void this.finish({ status: "ended", endReason: reason });
      return;
    }
    this.#session.shutdown();
    // A session that already closed emits no second close event: finish regardless.
    setTimeout(() => {
      if (!this.#finishing) void this.finish({ status: "ended", endReason: this.#requestedEnd ?? reason });
    }, this.#timeouts.sessionCloseMs).unref();
  }

  /** An outbound call nobody answered (busy, no answer, rejected) or that could not be placed. */
  #endUnanswered(outcome: CallOutcome): Promise<void> {
    this.#logger.info({ endReason: outcome.endReason, error: outcome.error }, "outbound call not answered");
    this.#requestedEnd ??= outcome.endReason;
    this.#session?.shutdown();
    return this.finish(outcome);
  }

  /** Ends a call that cannot go on: tells the client, reports, hangs up. */
  async fail(endReason: EndReason, error: string): Promise<void> {
    this.#logger.error({ endReason, error }, "call failed");
    if (this.#session) {
      this.#requestedEnd ??= endReason;
      this.#session.shutdown();
    }
    return this.finish({ status: "failed", endReason, error });
  }

  finish(outcome: CallOutcome): Promise<void> {
    this.#finishing ??= (async () => {
      this.#session?.stop();
      this.#stopWatching?.();
      let notifiedAt: number | undefined;
      if (outcome.status === "failed") {
        await notifyClient(this.#room, outcome, this.#timeouts, this.#logger);
        notifiedAt = Date.now();
      }
      await this.#reporter.end(outcome);
      if (notifiedAt) await sleep(Math.max(0, notifiedAt + this.#timeouts.errorGraceMs - Date.now()));
      // Deleting the room hangs up everyone still in it (a SIP caller included).
      if (this.#room.isConnected) {
        await settle(this.#room.deleteRoom(), this.#timeouts.deleteRoomMs, this.#logger, "deleting the room");
      }
      this.#room.shutdown(outcome.endReason);
    })();
    return this.#finishing;
  }

  #outcomeOf(close: SessionClose): Promise<CallOutcome> {
    const session = this.#session;
    return outcomeOfClose(close, {
      requestedEnd: this.#requestedEnd,
      roomConnected: this.#room.isConnected,
      describeProviderFailure: (stage, cause) => session!.describeProviderFailure(stage, cause),
    });
  }

  /** The job is going away (room gone, worker draining): make sure `ended` is posted. */
  async #onJobShutdown(): Promise<void> {
    if (!this.#finishing && !this.#reporter.hasEnded) {
      const endReason: EndReason = this.#room.isConnected ? "worker_shutdown" : "room_closed";
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
