"use client";
import type { TurnTiming } from "@/lib/schemas/call";
import { formatMs, layoutWaterfall, WATERFALL_STAGES } from "@/components/calls/waterfall";

// Per-turn latency as a waterfall: each row is one turn, bars offset on a shared time axis
// that starts when the caller stopped speaking. The figures are also in each bar's label
// and title, so the chart reads without seeing the colours.

export function LatencyWaterfall({ timings }: { timings: TurnTiming[] }) {
  const layout = layoutWaterfall(timings);
  if (layout.rows.length === 0) return <p className="text-sm text-slate-500">No latency measurements for this call.</p>;
  return (
    <figure data-testid="latency-waterfall" className="space-y-3">
      <figcaption className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
        {WATERFALL_STAGES.map((s) => (
          <span key={s.key} className="inline-flex items-center gap-1.5">
            <span aria-hidden className={`inline-block h-2.5 w-2.5 rounded-sm ${s.color}`} />
            {s.label}
          </span>
        ))}
        <span className="text-slate-400">· time from the end of the caller&apos;s speech</span>
      </figcaption>
      <div className="grid grid-cols-[4.5rem_1fr_4.5rem] items-center gap-x-3">
        <span />
        <div className="relative h-5 text-[10px] text-slate-400" aria-hidden>
          {layout.ticks.map((t) => (
            <span key={t.ms} className="absolute -translate-x-1/2 whitespace-nowrap tabular-nums first:translate-x-0 last:-translate-x-full" style={{ left: `${t.pct}%` }}>
              {formatMs(t.ms)}
            </span>
          ))}
        </div>
        <span className="text-right text-[10px] uppercase tracking-wide text-slate-400">Total</span>
        {layout.rows.map((row) => (
          <div key={row.turn} className="contents" data-testid="latency-turn" data-turn={row.turn}>
            <span className="text-xs text-slate-600">{row.label}</span>
            <div className="relative border-l border-slate-200 py-1">
              {layout.ticks.slice(1).map((t) => (
                <span key={t.ms} aria-hidden className="absolute inset-y-0 border-l border-dashed border-slate-200" style={{ left: `${t.pct}%` }} />
              ))}
              <ul className="relative space-y-0.5" aria-label={`${row.label} latency`}>
              {row.bars.map((b) => (
                <li key={b.stage} className="relative h-2.5" title={`${b.label}: ${formatMs(b.durationMs)}${b.startMs ? ` (from ${formatMs(b.startMs)})` : ""}`}>
                  <span className="sr-only">{b.label}: {formatMs(b.durationMs)}</span>
                  <span
                    aria-hidden
                    data-stage={b.stage}
                    data-ms={b.durationMs}
                    className={`absolute inset-y-0 rounded-sm ${b.color}`}
                    style={{ left: `${b.leftPct}%`, width: `${b.widthPct}%` }}
                  />
                </li>
              ))}
              </ul>
            </div>
            <span className="text-right text-xs font-medium tabular-nums text-slate-700">{formatMs(row.totalMs)}</span>
          </div>
        ))}
      </div>
    </figure>
  );
}
