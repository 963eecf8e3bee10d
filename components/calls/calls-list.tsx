"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { callQueries } from "@/lib/client/api";
import { Badge, Card, ErrorBanner } from "@/components/ui/primitives";
import { formatDateTime, formatDuration, statusTone } from "@/components/calls/format";

export function CallsTable({ assistantId, compact = false }: { assistantId?: string; compact?: boolean }) {
  const { data, error, isPending } = useQuery({ ...callQueries.list({ assistantId }), refetchInterval: 5_000 });
  const body = isPending ? (
    <p className="text-sm text-slate-500">Loading calls…</p>
  ) : error ? (
    <ErrorBanner message={error.message} />
  ) : data.calls.length === 0 ? (
    <p className="text-sm text-slate-500">No calls yet.</p>
  ) : (
    <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="calls-table">
      <thead className="text-left text-xs font-semibold uppercase text-slate-500">
        <tr>
          <th className="py-2 pr-4">Started</th>
          {!compact && <th className="py-2 pr-4">Assistant</th>}
          <th className="py-2 pr-4">Type</th>
          <th className="py-2 pr-4">Status</th>
          <th className="py-2 pr-4">Duration</th>
          {!compact && <th className="py-2 pr-4">End reason</th>}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {data.calls.map((c) => (
          <tr key={c.id} data-call-id={c.id}>
            <td className="py-2 pr-4"><Link className="text-brand-700 hover:underline" href={`/calls/${c.id}`}>{formatDateTime(c.started_at ?? c.created_at)}</Link></td>
            {!compact && <td className="py-2 pr-4">{c.assistant_name ?? "—"}</td>}
            <td className="py-2 pr-4">{c.type}</td>
            <td className="py-2 pr-4"><Badge tone={statusTone(c.status)}>{c.status}</Badge></td>
            <td className="py-2 pr-4">{formatDuration(c.duration_seconds)}</td>
            {!compact && <td className="py-2 pr-4 text-slate-600">{c.end_reason ?? "—"}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return <Card title={compact ? "Recent calls" : undefined}>{body}</Card>;
}
