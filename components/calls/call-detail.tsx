"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { callQueries } from "@/lib/client/api";
import { Badge, Card, ErrorBanner } from "@/components/ui/primitives";
import { formatDateTime, formatDuration, statusTone } from "@/components/calls/format";

export function CallDetail({ id }: { id: string }) {
  const { data: call, error, isPending } = useQuery({
    ...callQueries.detail(id),
    refetchInterval: (q) => (q.state.data && ["ended", "failed"].includes(q.state.data.status) ? false : 3_000),
  });
  if (isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (error) return <ErrorBanner message={error.message} />;
  const start = call.started_at ? new Date(call.started_at).getTime() : null;
  const offset = (iso?: string | null) => {
    if (!iso || start === null) return "";
    const s = Math.max(0, Math.round((new Date(iso).getTime() - start) / 1000));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  };
  const facts: [string, React.ReactNode, string][] = [
    ["Status", <Badge key="s" tone={statusTone(call.status)}>{call.status}</Badge>, "status"],
    ["Assistant", call.assistant_id ? <Link key="a" className="text-brand-700 hover:underline" href={`/assistants/${call.assistant_id}`}>{call.assistant_name}</Link> : call.assistant_name ?? "—", "assistant"],
    ["Type", call.type, "type"],
    ["Started", formatDateTime(call.started_at), "started"],
    ["Ended", formatDateTime(call.ended_at), "ended"],
    ["Duration", formatDuration(call.duration_seconds), "duration"],
    ["End reason", call.end_reason ?? "—", "end-reason"],
  ];
  return (
    <div className="space-y-6">
      <div>
        <Link href="/calls" className="text-sm text-brand-600 hover:underline">← Call log</Link>
        <h1 className="mt-2 text-2xl font-semibold">Call {call.id.slice(0, 8)}</h1>
      </div>
      {call.error && <ErrorBanner message={call.error} />}
      <Card title="Details">
        <dl className="grid grid-cols-2 gap-x-8 gap-y-3 text-sm md:grid-cols-4">
          {facts.map(([label, value, key]) => (
            <div key={key}>
              <dt className="text-xs uppercase text-slate-500">{label}</dt>
              <dd className="mt-1" data-testid={`call-${key}`} data-duration={key === "duration" ? call.duration_seconds ?? "" : undefined}>{value}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <Card title="Transcript">
        {call.messages.length === 0 ? (
          <p className="text-sm text-slate-500">No transcript.</p>
        ) : (
          <ol className="space-y-3" data-testid="call-transcript">
            {call.messages.map((m, i) => (
              <li key={i} data-role={m.role} className={`flex ${m.role === "user" ? "justify-end" : "justify-start"}`}>
                <div className={`max-w-[75%] rounded-lg px-3 py-2 text-sm ${m.role === "user" ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-800"}`}>
                  <p className="mb-1 text-[11px] opacity-75">{m.role === "user" ? "Caller" : "Assistant"} {offset(m.started_at)}</p>
                  <p>{m.content}</p>
                </div>
              </li>
            ))}
          </ol>
        )}
      </Card>
    </div>
  );
}
