"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { callLogQueries, replayWebhookDeliveryRequest } from "@/lib/client/calls";
import type { WebhookDelivery } from "@/lib/schemas/webhook";
import { Badge, Button } from "@/components/ui/primitives";
import { formatDateTime } from "@/components/ui/format";
import { formatMs } from "@/components/calls/waterfall";

// The webhook deliveries of one call: each event sent (or being retried), its attempts, and a
// Replay button that sends the same payload again (recorded as a "replay" attempt).

const tone = { pending: "amber", succeeded: "green", failed: "red" } as const;

/** The status a status-update carried (in-progress, ended…), to tell a call's several apart. */
function statusOf(delivery: WebhookDelivery): string | null {
  if (delivery.event !== "status-update") return null;
  const message = delivery.payload.message as { call?: { status?: unknown } } | undefined;
  return typeof message?.call?.status === "string" ? message.call.status : null;
}

function DeliveryItem({ delivery, callId }: { delivery: WebhookDelivery; callId: string }) {
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const replay = useMutation({
    mutationFn: () => replayWebhookDeliveryRequest(delivery.id),
    onSuccess: async () => {
      setMessage({ ok: true, text: "Replay sent." });
      await queryClient.invalidateQueries({ queryKey: callLogQueries.deliveries(callId).queryKey });
    },
    onError: (e) => setMessage({ ok: false, text: e.message }),
  });
  return (
    <li className="py-3" data-testid="webhook-delivery" data-delivery-id={delivery.id} data-event={delivery.event} data-status={delivery.status}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <p className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-mono font-semibold text-slate-800">
              {delivery.event}
              {statusOf(delivery) && <span className="font-normal text-slate-500"> ({statusOf(delivery)})</span>}
            </span>
            <Badge tone={tone[delivery.status]}><span data-testid="delivery-status">{delivery.status}</span></Badge>
            <span className="text-xs text-slate-500">
              {delivery.attempts} of {delivery.max_attempts} attempt{delivery.max_attempts === 1 ? "" : "s"}
            </span>
          </p>
          <p className="truncate font-mono text-xs text-slate-500" title={delivery.url}>{delivery.url}</p>
          {delivery.status === "pending" && delivery.next_attempt_at && (
            <p className="text-xs text-amber-700">Next retry {formatDateTime(delivery.next_attempt_at)}</p>
          )}
          {delivery.last_error && delivery.status !== "succeeded" && <p className="text-xs text-red-700">{delivery.last_error}</p>}
        </div>
        <div className="flex flex-col items-end gap-1">
          <Button variant="secondary" className="px-3 py-1" onClick={() => { setMessage(null); replay.mutate(); }} disabled={replay.isPending} aria-label={`Replay ${delivery.event} delivery`}>
            {replay.isPending ? "Replaying…" : "Replay"}
          </Button>
          {message && <p role={message.ok ? "status" : "alert"} className={`text-xs ${message.ok ? "text-green-700" : "text-red-700"}`} data-testid="replay-result">{message.text}</p>}
        </div>
      </div>
      {delivery.attempt_log.length > 0 && (
        <details className="mt-2 text-xs">
          <summary className="cursor-pointer text-slate-600 hover:text-slate-900">Attempt log</summary>
          <table className="mt-2 min-w-full" data-testid="delivery-attempts">
            <thead className="text-left uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="py-1 pr-3">#</th>
                <th scope="col" className="py-1 pr-3">When</th>
                <th scope="col" className="py-1 pr-3">Trigger</th>
                <th scope="col" className="py-1 pr-3">HTTP</th>
                <th scope="col" className="py-1 pr-3">Time</th>
                <th scope="col" className="py-1">Error / response</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {delivery.attempt_log.map((a) => (
                <tr key={`${a.number}-${a.created_at}`}>
                  <td className="py-1 pr-3 tabular-nums">{a.number}</td>
                  <td className="whitespace-nowrap py-1 pr-3">{formatDateTime(a.created_at)}</td>
                  <td className="py-1 pr-3">{a.trigger}</td>
                  <td className={`py-1 pr-3 tabular-nums ${a.status_code !== null && a.status_code < 300 ? "text-green-700" : "text-red-700"}`}>{a.status_code ?? "—"}</td>
                  <td className="py-1 pr-3 tabular-nums">{formatMs(a.duration_ms)}</td>
                  <td className="max-w-md truncate py-1 font-mono" title={a.error ?? a.response_body ?? ""}>{a.error ?? a.response_body ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </li>
  );
}

/** `isCallBusy`: the call is live or its post-call work runs, so more deliveries are coming. */
export function WebhookDeliveries({ callId, isCallBusy = false }: { callId: string; isCallBusy?: boolean }) {
  const { data, error, isPending } = useQuery({
    ...callLogQueries.deliveries(callId),
    refetchInterval: (q) => (isCallBusy || q.state.data?.deliveries.some((d) => d.status === "pending") ? 5_000 : false),
  });
  if (isPending) return <p className="text-sm text-slate-500">Loading deliveries…</p>;
  if (error) return <p role="alert" className="text-sm text-red-700" data-testid="deliveries-error">Could not load the webhook deliveries: {error.message}</p>;
  if (data.deliveries.length === 0) {
    return <p className="text-sm text-slate-500" data-testid="deliveries-empty">No webhooks were sent for this call (no webhook URL on the assistant or the organisation).</p>;
  }
  return (
    <ul className="divide-y divide-slate-100" data-testid="webhook-deliveries">
      {data.deliveries.map((d) => <DeliveryItem key={d.id} delivery={d} callId={callId} />)}
    </ul>
  );
}
