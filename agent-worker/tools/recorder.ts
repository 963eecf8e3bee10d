// Every tool invocation of a call (function tools and the built-ins), for the `ended` event's
// tool_calls. Results and errors are capped to the contract's sizes.
import type { ToolCallRecord } from "../../lib/contract/call-events";

const MAX_RECORDS = 1000;
const MAX_RESULT = 20_000;
const MAX_ERROR = 2000;

export interface ToolCallOutcome {
  result?: string | null;
  error?: string | null;
}

const cap = (text: string | null | undefined, max: number) => (text == null ? null : text.length > max ? `${text.slice(0, max - 1)}…` : text);

export class ToolCallRecorder {
  readonly #records: ToolCallRecord[] = [];

  /** Records the start of a call; the returned function records its outcome (once). */
  start(id: string, name: string, args: Record<string, unknown>): (outcome: ToolCallOutcome) => void {
    if (this.#records.length >= MAX_RECORDS) return () => undefined;
    const record: ToolCallRecord = {
      id: id.slice(0, 200),
      name: name.slice(0, 200),
      arguments: args,
      result: null,
      error: null,
      started_at: new Date().toISOString(),
      ended_at: null,
    };
    this.#records.push(record);
    let done = false;
    return (outcome) => {
      if (done) return;
      done = true;
      record.result = cap(outcome.result, MAX_RESULT);
      record.error = cap(outcome.error, MAX_ERROR);
      record.ended_at = new Date().toISOString();
    };
  }

  get records(): ToolCallRecord[] {
    return this.#records.map((r) => ({ ...r }));
  }
}
