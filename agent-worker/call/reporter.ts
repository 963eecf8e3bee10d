// The call's reports to the app: `started` once, `ended` exactly once and after it.
import type { AppClient, CallEndedEvent } from "../app-client";
import type { TranscriptCollector } from "../transcript";
import type { ToolCallRecorder } from "../tools/recorder";
import type { CallOutcome } from "./outcome";
import { errorMessage, withTimeout, type Logger } from "./timeouts";

/** Longest wait for the `ended` event's extra fields (the recording upload, mostly). */
const DETAILS_TIMEOUT_MS = 45_000;

/** Posts `started` once and `ended` exactly once, in that order. */
export class CallReporter {
  #startedAt: Date | undefined;
  #startedPost: Promise<void> | undefined;
  #ringingPost: Promise<void> | undefined;
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

  /** Outbound: the callee's phone rings (posted once, before `started`). */
  markRinging(): void {
    if (this.#ringingPost || this.#startedAt || this.#ended) return;
    this.#ringingPost = this.app
      .postCallEvent(this.callId, { type: "ringing", at: new Date().toISOString() }, { retries: 2 })
      .catch((error) => this.logger.warn({ error: errorMessage(error) }, "could not report the ringing"));
  }

  markStarted(): void {
    if (this.#startedAt || this.#ended) return;
    const startedAt = (this.#startedAt = new Date());
    this.#startedPost = (this.#ringingPost ?? Promise.resolve())
      .then(() => this.app.postCallEvent(this.callId, { type: "started", at: startedAt.toISOString() }, { retries: 2 }))
      .catch((error) => this.logger.error({ error: errorMessage(error) }, "could not report call start"));
  }

  end(outcome: CallOutcome): Promise<void> {
    this.#ended ??= (async () => {
      await this.#ringingPost;
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
          this.logger.warn({ error: errorMessage(error) }, "end-of-call details are missing from the report");
        }
      }
      try {
        await this.app.postCallEvent(this.callId, event, { retries: 4 });
        this.logger.info({ status: event.status, endReason: event.end_reason, turns: event.transcript.length }, "call ended");
      } catch (error) {
        this.logger.error({ error: errorMessage(error) }, "could not report call end");
      }
    })();
    return this.#ended;
  }
}
