import { describe, expect, it } from "vitest";
import type { ToolCallRecord, TranscriptTurn } from "@/lib/schemas/call";
import { activeMessageAt, buildTimeline, formatOffset } from "./timeline";

const START = "2026-11-22T10:00:00.000Z";
const at = (s: number) => new Date(Date.parse(START) + s * 1000).toISOString();
const turn = (role: TranscriptTurn["role"], content: string, from: number | null, to: number | null): TranscriptTurn => ({
  role, content, started_at: from === null ? null : at(from), ended_at: to === null ? null : at(to),
});
const tool = (id: string, from: number, to: number | null, extra: Partial<ToolCallRecord> = {}): ToolCallRecord => ({
  id, name: "check_slots", arguments: { day: "tomorrow" }, result: "3 slots", error: null, started_at: at(from), ended_at: to === null ? null : at(to), ...extra,
});

describe("buildTimeline", () => {
  it("places each tool call before the first turn that started after it, with offsets from the call start", () => {
    const entries = buildTimeline(
      [turn("assistant", "Hello", 0.5, 2), turn("user", "Any slots tomorrow?", 4, 6), turn("assistant", "Three slots.", 9, 11)],
      [tool("b", 7.25, 8), tool("a", 6.5, null)],
      START,
    );
    expect(entries.map((e) => (e.kind === "message" ? e.content : `tool:${e.tool.id}`))).toEqual(["Hello", "Any slots tomorrow?", "tool:a", "tool:b", "Three slots."]);
    expect(entries[0]).toMatchObject({ kind: "message", startMs: 500, endMs: 2000, index: 0 });
    expect(entries[2]).toMatchObject({ kind: "tool", startMs: 6500, durationMs: null });
    expect(entries[3]).toMatchObject({ kind: "tool", startMs: 7250, durationMs: 750 });
  });

  it("keeps transcript order for turns without timestamps and appends late tool calls", () => {
    const entries = buildTimeline([turn("assistant", "Hi", null, null), turn("user", "Bye", null, null)], [tool("x", 30, 31)], START);
    expect(entries.map((e) => e.kind)).toEqual(["message", "message", "tool"]);
    expect(entries[0]).toMatchObject({ startMs: null, endMs: null });
  });

  it("has no offsets when the call never started", () => {
    const [entry] = buildTimeline([turn("assistant", "Hi", 1, 2)], [], null);
    expect(entry).toMatchObject({ startMs: null, endMs: null });
  });
});

describe("activeMessageAt", () => {
  const entries = buildTimeline(
    [turn("assistant", "Hello", 0.5, 2), turn("user", "Question", 4, null), turn("assistant", "Answer", 9, 11)],
    [tool("t", 7, 8)],
    START,
  );
  it("finds the message being spoken at a position of the recording", () => {
    expect(activeMessageAt(entries, 0)).toBeNull();
    expect(activeMessageAt(entries, 500)).toBe(0);
    expect(activeMessageAt(entries, 1999)).toBe(0);
    expect(activeMessageAt(entries, 3000)).toBeNull();
    // No end: lasts until the next turn starts.
    expect(activeMessageAt(entries, 8500)).toBe(1);
    expect(activeMessageAt(entries, 9000)).toBe(2);
    expect(activeMessageAt(entries, 11_500)).toBeNull();
  });
});

describe("formatOffset", () => {
  it("formats offsets as m:ss and h:mm:ss", () => {
    expect(formatOffset(null)).toBe("");
    expect(formatOffset(0)).toBe("0:00");
    expect(formatOffset(65_900)).toBe("1:05");
    expect(formatOffset(3_725_000)).toBe("1:02:05");
  });
});
