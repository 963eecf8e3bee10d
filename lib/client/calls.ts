"use client";
import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import type { Call, CallControl } from "@/lib/schemas/call";
import type { WebhookDelivery } from "@/lib/schemas/webhook";
import { callFiltersToApiQuery, type CallFilters } from "@/components/calls/call-filters";

// Calls, their webhook deliveries, live control and the organisation webhook, for the portal.

type Page = { total: number; limit: number; offset: number };
export type CallPage = { calls: Call[]; pagination: Page };

const isLive = (call: Call | undefined) => Boolean(call && (call.status === "connecting" || call.status === "in-progress"));

export const callLogQueries = {
  list: (filters: CallFilters) =>
    queryOptions({
      queryKey: ["calls", "list", filters],
      queryFn: () => apiFetch<CallPage>(`/api/v1/calls?${callFiltersToApiQuery(filters)}`),
    }),
  /** The newest calls of one assistant (the assistant page's compact table). */
  recentOfAssistant: (assistantId: string, limit = 10) =>
    queryOptions({
      queryKey: ["calls", "list", { assistantId, limit }],
      queryFn: () => apiFetch<CallPage>(`/api/v1/calls?assistant_id=${encodeURIComponent(assistantId)}&limit=${limit}`),
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: ["calls", "detail", id],
      queryFn: () => apiFetch<Call>(`/api/v1/calls/${id}`),
      // Poll while the call runs, and a little longer for the post-call analysis.
      refetchInterval: (q) => (isLive(q.state.data) || q.state.data?.analysis_status === "pending" ? 3_000 : false),
    }),
  deliveries: (callId: string) =>
    queryOptions({
      queryKey: ["calls", "detail", callId, "webhook-deliveries"],
      queryFn: () => apiFetch<{ deliveries: WebhookDelivery[] }>(`/api/v1/calls/${callId}/webhook-deliveries`),
      refetchInterval: (q) => (q.state.data?.deliveries.some((d) => d.status === "pending") ? 5_000 : false),
    }),
};

export const replayWebhookDeliveryRequest = (id: string) =>
  apiFetch<{ delivery: WebhookDelivery }>(`/api/v1/webhook-deliveries/${id}/replay`, { method: "POST" });

export type CallControlInput =
  | { type: "say"; content: string; interrupt?: boolean; end_after?: boolean }
  | { type: "inject-context"; content: string; trigger_response?: boolean }
  | { type: "end-call"; message?: string };

export const sendCallControlRequest = (callId: string, body: CallControlInput) =>
  apiFetch<{ success: true; message: string; command: { id: string; type: CallControl["type"]; status: string } }>(
    `/api/v1/calls/${callId}/control`,
    { method: "POST", body: JSON.stringify(body) },
  );

// The organisation webhook: the fallback URL and signing secret for every assistant without
// its own webhook_url. The secret comes back masked.
export type OrganizationWebhook = { webhook_url: string | null; webhook_secret: string | null };
export type OrganizationWebhookUpdate = { webhook_url?: string | null; webhook_secret?: string | null };

export const organizationWebhookQuery = () =>
  queryOptions({
    queryKey: ["organization", "webhook"],
    queryFn: () => apiFetch<OrganizationWebhook>("/api/v1/organizations/webhook"),
  });

export const updateOrganizationWebhookRequest = (body: OrganizationWebhookUpdate) =>
  apiFetch<OrganizationWebhook>("/api/v1/organizations/webhook", { method: "PATCH", body: JSON.stringify(body) });
