"use client";
import { isLiveCallStatus, type Call } from "@/lib/schemas/call";
import { Badge } from "@/components/ui/primitives";
import { costRows, formatMoney, formatQuantity, formatUnitPrice } from "@/components/calls/cost";
import { formatOffset } from "@/components/calls/timeline";

// The smaller sections of the call detail page: analysis, cost breakdown, failovers.

const ANALYSIS_STATUS: Record<NonNullable<Call["analysis_status"]>, { tone: "slate" | "green" | "amber" | "red" | "blue"; text: string }> = {
  pending: { tone: "blue", text: "The post-call analysis is running; this section updates by itself." },
  completed: { tone: "green", text: "" },
  skipped: { tone: "slate", text: "Skipped: the call had no transcript, or fewer messages than the analysis plan's minimum." },
  invalid: { tone: "amber", text: "The model's structured data did not match the analysis plan's schema, even after corrections, so none was stored." },
  failed: { tone: "red", text: "The analysis could not run: the language model returned an error, could not be reached, or is not configured." },
};

const showValue = (v: unknown) => (v === null || v === undefined ? "—" : typeof v === "object" ? JSON.stringify(v, null, 2) : String(v));

export function AnalysisSection({ call }: { call: Call }) {
  const status = call.analysis_status;
  if (!status) {
    const live = isLiveCallStatus(call.status);
    return <p className="text-sm text-slate-500" data-testid="analysis-none">{live ? "The analysis runs when the call ends." : "No analysis for this call."}</p>;
  }
  const { tone, text } = ANALYSIS_STATUS[status];
  const fields = Object.entries(call.analysis_result ?? {});
  return (
    <div className="space-y-4 text-sm" data-testid="call-analysis">
      <p className="flex items-start gap-2">
        <Badge tone={tone}><span data-testid="analysis-status">{status}</span></Badge>
        {text && <span className="text-slate-600">{text}</span>}
      </p>
      {call.analysis_error && status !== "completed" && (
        <p className="rounded-md bg-slate-50 px-3 py-2 text-slate-700" data-testid="analysis-error">{call.analysis_error}</p>
      )}
      {call.summary && (
        <div>
          <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Summary</h3>
          <p className="mt-1 whitespace-pre-wrap leading-relaxed text-slate-800" data-testid="analysis-summary">{call.summary}</p>
        </div>
      )}
      {fields.length > 0 && (
        <div>
          <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Structured data</h3>
          <dl className="mt-1 divide-y divide-slate-100 rounded-md border border-slate-200" data-testid="analysis-fields">
            {fields.map(([key, value]) => (
              <div key={key} className="grid grid-cols-[minmax(8rem,auto)_1fr] gap-3 px-3 py-2">
                <dt className="font-mono text-xs text-slate-500">{key}</dt>
                <dd className="whitespace-pre-wrap break-words text-slate-800">{showValue(value)}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </div>
  );
}

export function CostSection({ call }: { call: Call }) {
  const { rows, total } = costRows(call.cost_breakdown);
  if (rows.length === 0) {
    return <p className="text-sm text-slate-500">{call.cost === null ? "No cost recorded for this call yet." : `Total ${formatMoney(call.cost)}.`}</p>;
  }
  return (
    <table className="w-full text-sm" data-testid="cost-breakdown">
      <thead className="text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
        <tr>
          <th scope="col" className="py-1.5 pr-3">Item</th>
          <th scope="col" className="py-1.5 pr-3 text-right">Quantity</th>
          <th scope="col" className="py-1.5 text-right">Cost</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((r) => (
          <tr key={r.key} data-kind={r.kind} className="align-top">
            <td className="py-2 pr-3">
              <span className="block font-medium text-slate-800">{r.kindLabel}</span>
              <span className="block break-all text-xs text-slate-500">{r.provider}{r.model && ` · ${r.model}`}</span>
            </td>
            <td className="py-2 pr-3 text-right tabular-nums">
              <span className="block whitespace-nowrap">{formatQuantity(r.quantity, r.unit)}</span>
              <span className="block whitespace-nowrap text-xs text-slate-500">at {formatUnitPrice(r.unitPrice)}/{r.unit === "tokens" ? "token" : r.unit === "chars" ? "char" : r.unit}</span>
            </td>
            <td className="whitespace-nowrap py-2 text-right tabular-nums">{formatMoney(r.cost)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr className="border-t border-slate-300 font-semibold">
          <th scope="row" colSpan={2} className="py-2 pr-3 text-left">Total</th>
          <td className="whitespace-nowrap py-2 text-right tabular-nums" data-testid="cost-total">{formatMoney(call.cost ?? total)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

export function FailoversSection({ call }: { call: Call }) {
  if (call.failovers.length === 0) return <p className="text-sm text-slate-500">No provider failovers: every stage used its primary provider.</p>;
  const start = call.started_at ? Date.parse(call.started_at) : null;
  return (
    <ol className="space-y-2 text-sm" data-testid="call-failovers">
      {call.failovers.map((f, i) => (
        <li key={i} className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2">
          <p>
            <span className="font-semibold uppercase">{f.stage}</span>: <span className="font-mono">{f.from}</span> → <span className="font-mono">{f.to}</span>
            {start !== null && <span className="text-slate-500"> at {formatOffset(Math.max(0, Date.parse(f.at) - start))}</span>}
          </p>
          {f.reason && <p className="mt-0.5 text-xs text-slate-600">{f.reason}</p>}
        </li>
      ))}
    </ol>
  );
}
