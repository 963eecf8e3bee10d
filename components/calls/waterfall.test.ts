import { describe, expect, it } from "vitest";
import type { TurnTiming } from "@/lib/schemas/call";
import { formatMs, layoutWaterfall, niceCeiling } from "./waterfall";

const timing = (turn: number, t: Partial<TurnTiming>): TurnTiming => ({
  turn, started_at: null, stt_final_latency_ms: null, end_of_utterance_delay_ms: null, llm_ttft_ms: null, tts_ttfb_ms: null, total_latency_ms: null,
  llm_prompt_tokens: 0, llm_completion_tokens: 0, tts_characters: 0, ...t,
});

describe("layoutWaterfall", () => {
  it("offsets LLM after end of utterance and TTS after the first token, on a round scale", () => {
    const layout = layoutWaterfall([
      timing(1, { stt_final_latency_ms: 180, end_of_utterance_delay_ms: 400, llm_ttft_ms: 350, tts_ttfb_ms: 150, total_latency_ms: 950 }),
      timing(0, { llm_ttft_ms: 300, tts_ttfb_ms: 200, total_latency_ms: 520 }),
    ]);
    expect(layout.scaleMs).toBe(1000);
    expect(layout.ticks.map((t) => t.ms)).toEqual([0, 250, 500, 750, 1000]);
    expect(layout.rows.map((r) => [r.turn, r.label])).toEqual([[0, "Greeting"], [1, "Turn 1"]]);
    const [greeting, reply] = layout.rows;
    expect(greeting!.bars.map((b) => [b.stage, b.startMs, b.durationMs])).toEqual([["llm", 0, 300], ["tts", 300, 200], ["total", 0, 520]]);
    expect(reply!.bars.map((b) => [b.stage, b.startMs, b.durationMs])).toEqual([
      ["stt", 0, 180], ["eou", 0, 400], ["llm", 400, 350], ["tts", 750, 150], ["total", 0, 950],
    ]);
    const tts = reply!.bars.find((b) => b.stage === "tts")!;
    expect(tts.leftPct).toBeCloseTo(75);
    expect(tts.widthPct).toBeCloseTo(15);
    expect(reply!.totalMs).toBe(950);
  });

  it("skips turns without any figure and keeps tiny bars visible", () => {
    const layout = layoutWaterfall([timing(0, {}), timing(1, { stt_final_latency_ms: 0, total_latency_ms: 5000 })]);
    expect(layout.rows).toHaveLength(1);
    expect(layout.rows[0]!.label).toBe("Turn 1");
    expect(layout.scaleMs).toBe(5000);
    expect(layout.rows[0]!.bars[0]!.widthPct).toBeGreaterThan(0);
  });

  it("numbers turns from 1 when the caller spoke first", () => {
    const layout = layoutWaterfall([timing(0, { stt_final_latency_ms: 200 }), timing(1, { end_of_utterance_delay_ms: 300 })]);
    expect(layout.rows.map((r) => r.label)).toEqual(["Turn 1", "Turn 2"]);
  });

  it("is empty without timings", () => {
    expect(layoutWaterfall([]).rows).toEqual([]);
  });
});

describe("niceCeiling and formatMs", () => {
  it("rounds the axis up to 1, 2 or 5 times a power of ten", () => {
    expect(niceCeiling(0)).toBe(100);
    expect(niceCeiling(950)).toBe(1000);
    expect(niceCeiling(1001)).toBe(2000);
    expect(niceCeiling(2600)).toBe(5000);
    expect(niceCeiling(5000)).toBe(5000);
  });
  it("formats milliseconds for people", () => {
    expect(formatMs(null)).toBe("—");
    expect(formatMs(840.4)).toBe("840 ms");
    expect(formatMs(2400)).toBe("2.4 s");
  });
});
