"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { callLogQueries } from "@/lib/client/calls";
import { isLiveCallStatus, type Call } from "@/lib/schemas/call";
import { Badge, Card, ErrorBanner } from "@/components/ui/primitives";
import { formatDateTime } from "@/components/ui/format";
import { callParties, directionLabel, endReasonLabel, formatDuration, statusTone } from "@/components/calls/format";
import { formatMoney } from "@/components/calls/cost";

const hasLiveCall = (calls: Call[] | undefined) => Boolean(calls?.some((c) => isLiveCallStatus(c.status)));

function Parties({ call }: { call: Call }) {
  const parties = callParties(call);
  return parties ? <>{parties.from} → {parties.to}</> : <>—</>;
}

/** The rows of a call list; the whole row opens the call. */
export function CallRows({ calls, compact = false }: { calls: Call[]; compact?: boolean }) {
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="calls-table">
        <thead className="text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-4">Started</th>
            {!compact && <th scope="col" className="py-2 pr-4">Assistant</th>}
            <th scope="col" className="py-2 pr-4">Type</th>
            {!compact && <th scope="col" className="py-2 pr-4">From → to</th>}
            <th scope="col" className="py-2 pr-4">Status</th>
            <th scope="col" className="py-2 pr-4 text-right">Duration</th>
            {!compact && <th scope="col" className="py-2 pr-4 text-right">Cost</th>}
            {!compact && <th scope="col" className="py-2 pr-4">End reason</th>}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {calls.map((c) => (
            <tr key={c.id} data-call-id={c.id} className="group relative hover:bg-slate-50">
              <td className="whitespace-nowrap py-2 pr-4">
                {/* The link's ::after covers the row, so the whole row is one click target. */}
                <Link className="font-medium text-brand-700 after:absolute after:inset-0 group-hover:underline" href={`/calls/${c.id}`}>
                  {formatDateTime(c.started_at ?? c.created_at)}
                </Link>
              </td>
              {!compact && <td className="py-2 pr-4">{c.assistant_name ?? "—"}</td>}
              <td className="py-2 pr-4">{directionLabel(c.type)}</td>
              {!compact && <td className="whitespace-nowrap py-2 pr-4 tabular-nums text-slate-600" data-testid="call-parties"><Parties call={c} /></td>}
              <td className="py-2 pr-4"><Badge tone={statusTone(c.status)}>{c.status}</Badge></td>
              <td className="py-2 pr-4 text-right tabular-nums">{formatDuration(c.duration_seconds)}</td>
              {!compact && <td className="py-2 pr-4 text-right tabular-nums">{formatMoney(c.cost)}</td>}
              {!compact && <td className="py-2 pr-4 text-slate-600" title={c.end_reason ?? undefined}>{endReasonLabel(c.end_reason)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The newest calls of one assistant (assistant page). */
export function CallsTable({ assistantId, compact = false }: { assistantId: string; compact?: boolean }) {
  const { data, error, isPending } = useQuery({
    ...callLogQueries.recentOfAssistant(assistantId),
    refetchInterval: (q) => (hasLiveCall(q.state.data?.calls) ? 3_000 : 15_000),
  });
  const body = isPending ? (
    <p className="text-sm text-slate-500">Loading calls…</p>
  ) : error ? (
    <ErrorBanner message={error.message} />
  ) : data.calls.length === 0 ? (
    <p className="text-sm text-slate-500">No calls yet.</p>
  ) : (
    <>
      <CallRows calls={data.calls} compact={compact} />
      {data.pagination.total > data.calls.length && (
        <Link href={`/calls?assistant_id=${assistantId}`} className="mt-3 inline-block text-sm text-brand-600 hover:underline">
          All {data.pagination.total} calls →
        </Link>
      )}
    </>
  );
  return <Card title={compact ? "Recent calls" : undefined}>{body}</Card>;
}
