// HTTP Range requests (RFC 9110 §14) for one byte range: what browsers' <audio> sends to seek.
// Multiple ranges are answered with the whole body (allowed: a server may ignore Range).
import type { ByteRange } from "./storage";

export type RangeResult = { kind: "full" } | { kind: "partial"; range: ByteRange } | { kind: "unsatisfiable" };

export function parseRange(header: string | null, size: number): RangeResult {
  if (!header) return { kind: "full" };
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return { kind: "full" };
  const [, first, last] = match;
  if (!first && !last) return { kind: "full" };
  if (!first) {
    // Suffix range: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", range: { start: Math.max(0, size - length), end: size - 1 } };
  }
  const start = Number(first);
  if (start >= size) return { kind: "unsatisfiable" };
  const end = last ? Math.min(Number(last), size - 1) : size - 1;
  if (end < start) return { kind: "full" };
  return { kind: "partial", range: { start, end } };
}
