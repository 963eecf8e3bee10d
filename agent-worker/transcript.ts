// Collects the call transcript from the session's `conversation_item_added` events.
import type { TranscriptEntry } from "./app-client";
import { dtmfKeysOfInput } from "./dtmf";

/** The parts of a ChatItem we read (structural, so tests can pass plain objects). */
export interface ConversationItemLike {
  type: string;
  role?: string;
  textContent?: string;
  createdAt?: number;
  metrics?: { startedSpeakingAt?: number; stoppedSpeakingAt?: number };
}

const iso = (ms: number) => new Date(ms).toISOString();

export class TranscriptCollector {
  readonly #entries: TranscriptEntry[] = [];

  /** Adds user and assistant messages with text; ignores tool calls, handoffs and system items. */
  add(item: ConversationItemLike): void {
    if (item.type !== "message" || (item.role !== "user" && item.role !== "assistant")) return;
    const content = item.textContent?.trim();
    if (!content) return;
    const addedAt = item.createdAt ?? Date.now();
    // Speaking times are in seconds; fall back to when the item was added.
    const started = item.metrics?.startedSpeakingAt !== undefined ? item.metrics.startedSpeakingAt * 1000 : addedAt;
    const ended = item.metrics?.stoppedSpeakingAt !== undefined ? item.metrics.stoppedSpeakingAt * 1000 : Math.max(addedAt, started);
    // Keys pressed on the phone reach the model as a user message (dtmfInputOf); the transcript keeps them as a dtmf turn.
    const keys = item.role === "user" ? dtmfKeysOfInput(content) : undefined;
    if (keys) {
      this.#entries.push({ role: "user", type: "dtmf", content: keys, started_at: iso(addedAt), ended_at: iso(addedAt) });
      return;
    }
    this.#entries.push({ role: item.role, content, started_at: iso(started), ended_at: iso(Math.max(ended, started)) });
  }

  get entries(): TranscriptEntry[] {
    return [...this.#entries];
  }
}
