import { describe, expect, it } from "vitest";
import { parseRange } from "./range";

describe("parseRange", () => {
  it("answers the whole body without (or with an unusable) Range header", () => {
    expect(parseRange(null, 100)).toEqual({ kind: "full" });
    expect(parseRange("items=0-1", 100)).toEqual({ kind: "full" });
    expect(parseRange("bytes=0-1,5-6", 100)).toEqual({ kind: "full" });
    expect(parseRange("bytes=9-3", 100)).toEqual({ kind: "full" });
  });

  it("parses bounded, open-ended and suffix ranges, clamped to the size", () => {
    expect(parseRange("bytes=0-9", 100)).toEqual({ kind: "partial", range: { start: 0, end: 9 } });
    expect(parseRange("bytes=90-", 100)).toEqual({ kind: "partial", range: { start: 90, end: 99 } });
    expect(parseRange("bytes=50-500", 100)).toEqual({ kind: "partial", range: { start: 50, end: 99 } });
    expect(parseRange("bytes=-10", 100)).toEqual({ kind: "partial", range: { start: 90, end: 99 } });
    expect(parseRange("bytes=-1000", 100)).toEqual({ kind: "partial", range: { start: 0, end: 99 } });
  });

  it("reports ranges that start past the end as unsatisfiable", () => {
    expect(parseRange("bytes=100-", 100)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=-0", 100)).toEqual({ kind: "unsatisfiable" });
  });
});
