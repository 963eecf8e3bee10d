import type { TurnTiming } from "@/lib/schemas/call";

// Layout of the per-turn latency waterfall. Time 0 is the moment the caller stopped speaking.
// The speech-to-text final and the end-of-utterance decision both run from there; the LLM
// starts once the turn is committed (end of utterance), the TTS once the first token arrived;
// "total" is the whole gap until the agent's audio started. A missing figure is skipped and
// the next stage starts where the last known one ended.

export const WATERFALL_STAGES = [
  { key: "stt", label: "STT final", field: "stt_final_latency_ms", color: "bg-sky-400" },
  { key: "eou", label: "End of utterance", field: "end_of_utterance_delay_ms", color: "bg-violet-400" },
  { key: "llm", label: "LLM first token", field: "llm_ttft_ms", color: "bg-amber-400" },
  { key: "tts", label: "TTS first byte", field: "tts_ttfb_ms", color: "bg-emerald-500" },
  { key: "total", label: "Total", field: "total_latency_ms", color: "bg-slate-500" },
] as const;
export type StageKey = (typeof WATERFALL_STAGES)[number]["key"];

export interface WaterfallBar {
  stage: StageKey;
  label: string;
  color: string;
  startMs: number;
  durationMs: number;
  leftPct: number;
  widthPct: number;
}

export interface WaterfallRow {
  turn: number;
  /** "Greeting" or "Turn n" (user turns counted from 1). */
  label: string;
  bars: WaterfallBar[];
  totalMs: number | null;
}

export interface WaterfallLayout {
  scaleMs: number;
  ticks: { ms: number; pct: number }[];
  rows: WaterfallRow[];
}

function spans(t: TurnTiming): Omit<WaterfallBar, "leftPct" | "widthPct">[] {
  const stage = (key: StageKey) => WATERFALL_STAGES.find((s) => s.key === key)!;
  const bar = (key: StageKey, startMs: number, durationMs: number) => ({ stage: key, label: stage(key).label, color: stage(key).color, startMs, durationMs });
  const out: Omit<WaterfallBar, "leftPct" | "widthPct">[] = [];
  if (t.stt_final_latency_ms !== null) out.push(bar("stt", 0, t.stt_final_latency_ms));
  if (t.end_of_utterance_delay_ms !== null) out.push(bar("eou", 0, t.end_of_utterance_delay_ms));
  let cursor = t.end_of_utterance_delay_ms ?? 0;
  if (t.llm_ttft_ms !== null) {
    out.push(bar("llm", cursor, t.llm_ttft_ms));
    cursor += t.llm_ttft_ms;
  }
  if (t.tts_ttfb_ms !== null) out.push(bar("tts", cursor, t.tts_ttfb_ms));
  if (t.total_latency_ms !== null) out.push(bar("total", 0, t.total_latency_ms));
  return out;
}

/** A round axis end (1, 2 or 5 times a power of ten) at or above the largest figure. */
export function niceCeiling(ms: number): number {
  if (ms <= 0) return 100;
  const power = 10 ** Math.floor(Math.log10(ms));
  for (const f of [1, 2, 5, 10]) if (f * power >= ms) return f * power;
  return 10 * power;
}

export function layoutWaterfall(timings: TurnTiming[], tickCount = 4): WaterfallLayout {
  const raw = [...timings].sort((a, b) => a.turn - b.turn).map((t) => ({ turn: t.turn, total: t.total_latency_ms, bars: spans(t) }));
  const longest = Math.max(0, ...raw.flatMap((r) => r.bars.map((b) => b.startMs + b.durationMs)));
  const scaleMs = niceCeiling(longest);
  const pct = (v: number) => Math.min(100, (v / scaleMs) * 100);
  // The greeting is a turn without any caller speech before it (no STT, no end of utterance).
  const isGreeting = (r: (typeof raw)[number]) => r.turn === raw[0]?.turn && r.turn === 0 && !r.bars.some((b) => b.stage === "stt" || b.stage === "eou");
  const firstIsGreeting = raw[0] ? isGreeting(raw[0]) : false;
  return {
    scaleMs,
    ticks: Array.from({ length: tickCount + 1 }, (_, i) => ({ ms: (scaleMs / tickCount) * i, pct: (100 / tickCount) * i })),
    rows: raw
      .filter((r) => r.bars.length > 0)
      .map((r) => ({
        turn: r.turn,
        label: isGreeting(r) ? "Greeting" : `Turn ${r.turn + (firstIsGreeting ? 0 : 1)}`,
        totalMs: r.total,
        bars: r.bars.map((b) => ({ ...b, leftPct: pct(b.startMs), widthPct: Math.max(0.5, pct(b.startMs + b.durationMs) - pct(b.startMs)) })),
      })),
  };
}

/** "840 ms" below two seconds, "2.4 s" above. */
export function formatMs(ms: number | null): string {
  if (ms === null) return "—";
  return ms < 2000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
