// Where recordings live. The app stores the worker's upload under a key and serves it back
// (whole or by byte range). Local disk by default; any S3-compatible store in production.
import type { Readable } from "node:stream";

export interface StoredObject {
  size: number;
}

export interface ByteRange {
  /** Inclusive first byte. */
  start: number;
  /** Inclusive last byte. */
  end: number;
}

export interface RecordingStorage {
  /** Stores `body` under `key` (replacing any previous object). */
  put(key: string, body: Readable, opts: { contentType: string; size: number }): Promise<void>;
  /** Size of the object, or null when there is none. */
  stat(key: string): Promise<StoredObject | null>;
  /** The object's bytes (all, or `range`), or null when there is none. */
  get(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array> | null>;
  delete(key: string): Promise<void>;
}

/** Keys are ours ("<org>/<call>.<ext>"); anything else is refused before it reaches a path or URL. */
export function assertSafeKey(key: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/.test(key) || key.includes("..")) {
    throw new Error("invalid recording storage key");
  }
}
