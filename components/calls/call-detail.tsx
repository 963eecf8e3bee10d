"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { callLogQueries } from "@/lib/client/calls";
import { isLiveCallStatus, type Call } from "@/lib/schemas/call";
import { Badge, Card, ErrorBanner } from "@/components/ui/primitives";
import { formatDateTime } from "@/components/ui/format";
import { callParties, directionLabel, endReasonLabel, formatDuration, statusTone } from "@/components/calls/format";
import { formatMoney } from "@/components/calls/cost";
import { CallConversation } from "@/components/calls/call-conversation";
import { LatencyWaterfall } from "@/components/calls/latency-waterfall";
import { AnalysisSection, CostSection, FailoversSection } from "@/components/calls/call-sections";
import { WebhookDeliveries } from "@/components/calls/webhook-deliveries";

const isLive = (call: Call) => isLiveCallStatus(call.status);

function CallHeader({ call }: { call: Call }) {
  const facts: [string, ReactNode, string][] = [
    ["Status", <Badge key="s" tone={statusTone(call.status)}>{call.status}</Badge>, "status"],
    [
      "Assistant",
      call.assistant_id ? <Link key="a" className="text-brand-700 hover:underline" href={`/assistants/${call.assistant_id}`}>{call.assistant_name ?? "Assistant"}</Link> : call.assistant_name ?? "—",
      "assistant",
    ],
    ["Direction", directionLabel(call.type), "type"],
    ["Started", formatDateTime(call.started_at), "started"],
    ["Ended", formatDateTime(call.ended_at), "ended"],
    ["Duration", formatDuration(call.duration_seconds), "duration"],
    ["End reason", <span key="r" title={call.end_reason ?? undefined}>{endReasonLabel(call.end_reason)}</span>, "end-reason"],
    ["Cost", formatMoney(call.cost), "cost"],
  ];
  const parties = callParties(call);
  if (parties) {
    facts.push(["From", parties.from, call.type === "outbound" ? "assistant-phone" : "caller-phone"]);
    facts.push(["To", parties.to, call.type === "outbound" ? "caller-phone" : "assistant-phone"]);
  }
  if (call.transfer_destination) facts.push(["Transferred to", call.transfer_destination, "transfer-destination"]);
  return (
    <Card>
      <dl className="grid grid-cols-2 gap-x-8 gap-y-4 text-sm md:grid-cols-4">
        {facts.map(([label, value, key]) => (
          <div key={key}>
            <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">{label}</dt>
            <dd className="mt-1 tabular-nums" data-testid={`call-${key}`} data-duration={key === "duration" ? call.duration_seconds ?? "" : undefined}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

export function CallDetail({ id }: { id: string }) {
  const { data: call, error, isPending } = useQuery(callLogQueries.detail(id));
  if (isPending) return <p className="text-sm text-slate-500" role="status">Loading call…</p>;
  if (error) {
    return (
      <div className="space-y-4">
        <Link href="/calls" className="text-sm text-brand-600 hover:underline">← Call log</Link>
        <ErrorBanner message={error.message} />
      </div>
    );
  }
  const title = `${call.type === "web" ? "Web call" : call.type === "inbound" ? "Inbound call" : "Outbound call"}${call.assistant_name ? ` with ${call.assistant_name}` : ""}`;
  return (
    <div className="space-y-6">
      <div>
        <Link href="/calls" className="text-sm text-brand-600 hover:underline">← Call log</Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold">{title}</h1>
          {isLive(call) && (
            <span className="inline-flex items-center gap-1.5 text-sm font-medium text-blue-700" data-testid="call-live">
              <span aria-hidden className="h-2 w-2 animate-pulse rounded-full bg-blue-600" />
              Live — updating
            </span>
          )}
        </div>
        <p className="mt-1 font-mono text-xs text-slate-500">{call.id}</p>
      </div>
      {call.error && <ErrorBanner message={call.error} />}
      <CallHeader call={call} />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card title="Conversation">
          <CallConversation call={call} />
        </Card>
        <div className="space-y-6">
          <Card title="Analysis">
            <AnalysisSection call={call} />
          </Card>
          <Card title="Cost">
            <CostSection call={call} />
          </Card>
          <Card title="Provider failovers">
            <FailoversSection call={call} />
          </Card>
        </div>
      </div>
      <Card title="Latency per turn">
        <LatencyWaterfall timings={call.timings} />
      </Card>
      <Card title="Webhook deliveries">
        <WebhookDeliveries callId={call.id} isCallBusy={isLive(call) || call.analysis_status === "pending"} />
      </Card>
    </div>
  );
}
