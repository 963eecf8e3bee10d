"use client";
import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import type { BodyInputOf } from "@/lib/api/operation";
import * as calls from "@/lib/api/operations/calls";
import * as webhooks from "@/lib/api/operations/webhooks";
import { isLiveCallStatus, type Call } from "@/lib/schemas/call";
import { callFiltersToApiQuery, type CallFilters } from "@/lib/client/call-filters";

// Calls, their webhook deliveries, live control and the organisation webhook, for the portal.

export type CallPage = Awaited<ReturnType<typeof listCalls>>;
const listCalls = (query: Record<string, string>) => apiFetch(calls.listCalls, { query });

const isLive = (call: Call | undefined) => Boolean(call && isLiveCallStatus(call.status));

export const callLogQueries = {
  list: (filters: CallFilters) =>
    queryOptions({
      queryKey: ["calls", "list", filters],
      queryFn: () => listCalls(Object.fromEntries(new URLSearchParams(callFiltersToApiQuery(filters)))),
    }),
  /** The newest calls of one assistant (the assistant page's compact table). */
  recentOfAssistant: (assistantId: string, limit = 10) =>
    queryOptions({
      queryKey: ["calls", "list", { assistantId, limit }],
      queryFn: () => apiFetch(calls.listCalls, { query: { assistant_id: assistantId, limit } }),
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: ["calls", "detail", id],
      queryFn: () => apiFetch(calls.getCall, { params: { id } }),
      // Poll while the call runs, and a little longer for the post-call analysis.
      refetchInterval: (q) => (isLive(q.state.data) || q.state.data?.analysis_status === "pending" ? 3_000 : false),
    }),
  deliveries: (callId: string) =>
    queryOptions({
      queryKey: ["calls", "detail", callId, "webhook-deliveries"],
      queryFn: () => apiFetch(webhooks.listCallWebhookDeliveries, { params: { id: callId } }),
      refetchInterval: (q) => (q.state.data?.deliveries.some((d) => d.status === "pending") ? 5_000 : false),
    }),
};

export const replayWebhookDeliveryRequest = (id: string) => apiFetch(webhooks.replayWebhookDelivery, { params: { id } });

/** The commands the portal's live panel sends (transfer needs a phone call). */
export type CallControlInput = Exclude<BodyInputOf<typeof calls.controlCall>, { type: "transfer" }>;

/** POST /calls/outbound: the assistant calls a number (the portal's "Call me"). */
export const startOutboundCallRequest = (body: BodyInputOf<typeof calls.createOutboundCall>) => apiFetch(calls.createOutboundCall, { body });

export const sendCallControlRequest = (callId: string, body: CallControlInput) => apiFetch(calls.controlCall, { params: { id: callId }, body });

// The organisation webhook: the fallback URL and signing secret for every assistant without
// its own webhook_url. The secret comes back masked.
export type OrganizationWebhookUpdate = BodyInputOf<typeof webhooks.updateOrganizationWebhook>;

export const organizationWebhookQuery = () =>
  queryOptions({ queryKey: ["organization", "webhook"], queryFn: () => apiFetch(webhooks.getOrganizationWebhook) });

export const updateOrganizationWebhookRequest = (body: OrganizationWebhookUpdate) => apiFetch(webhooks.updateOrganizationWebhook, { body });
