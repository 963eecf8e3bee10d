import { describe, expect, it } from "vitest";
import { dtmfInputOf } from "./dtmf";
import { TranscriptCollector } from "./transcript";

const t0 = Date.parse("2026-11-22T10:00:00.000Z");

describe("TranscriptCollector", () => {
  it("keeps user and assistant messages in order with their speaking times", () => {
    const collector = new TranscriptCollector();
    collector.add({
      type: "message",
      role: "assistant",
      textContent: "Hello, how can I help?",
      createdAt: t0 + 2500,
      metrics: { startedSpeakingAt: (t0 + 500) / 1000, stoppedSpeakingAt: (t0 + 2400) / 1000 },
    });
    collector.add({
      type: "message",
      role: "user",
      textContent: " What time is it? ",
      createdAt: t0 + 5000,
      metrics: { startedSpeakingAt: (t0 + 3000) / 1000, stoppedSpeakingAt: (t0 + 4200) / 1000 },
    });
    expect(collector.entries).toEqual([
      { role: "assistant", content: "Hello, how can I help?", started_at: "2026-11-22T10:00:00.500Z", ended_at: "2026-11-22T10:00:02.400Z" },
      { role: "user", content: "What time is it?", started_at: "2026-11-22T10:00:03.000Z", ended_at: "2026-11-22T10:00:04.200Z" },
    ]);
  });

  it("falls back to the time the item was added when there are no speaking metrics", () => {
    const collector = new TranscriptCollector();
    collector.add({ type: "message", role: "user", textContent: "typed text", createdAt: t0 });
    expect(collector.entries[0]).toMatchObject({ started_at: "2026-11-22T10:00:00.000Z", ended_at: "2026-11-22T10:00:00.000Z" });
  });

  it("ignores system messages, tool items, handoffs and empty text", () => {
    const collector = new TranscriptCollector();
    collector.add({ type: "message", role: "system", textContent: "instructions", createdAt: t0 });
    collector.add({ type: "function_call", createdAt: t0 });
    collector.add({ type: "agent_handoff", createdAt: t0 });
    collector.add({ type: "message", role: "assistant", textContent: "   ", createdAt: t0 });
    collector.add({ type: "message", role: "user", createdAt: t0 });
    expect(collector.entries).toEqual([]);
  });

  it("records keys the caller pressed as a dtmf turn, not as speech", () => {
    const collector = new TranscriptCollector();
    collector.add({ type: "message", role: "user", textContent: dtmfInputOf("42#"), createdAt: t0 });
    collector.add({ type: "message", role: "assistant", textContent: dtmfInputOf("1"), createdAt: t0 + 1000 });
    expect(collector.entries).toEqual([
      { role: "user", type: "dtmf", content: "42#", started_at: "2026-11-22T10:00:00.000Z", ended_at: "2026-11-22T10:00:00.000Z" },
      { role: "assistant", content: dtmfInputOf("1"), started_at: "2026-11-22T10:00:01.000Z", ended_at: "2026-11-22T10:00:01.000Z" },
    ]);
  });
});
