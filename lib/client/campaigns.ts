"use client";
import { queryOptions } from "@tanstack/react-query";
import type { BodyInputOf } from "@/lib/api/operation";
import * as op from "@/lib/api/operations/campaigns";
import { apiFetch, ApiClientError } from "@/lib/client/api";
import type { ImportResult, LeadStatus } from "@/lib/schemas/campaign";

// The portal's campaign, lead and do-not-call requests (lib/api/operations/campaigns.ts).
// A running campaign's detail refreshes itself (refetchInterval) so counters move live.

export const campaignQueries = {
  list: () => queryOptions({ queryKey: ["campaigns"], queryFn: () => apiFetch(op.listCampaigns, { query: { limit: 1000 } }), refetchInterval: 5000 }),
  detail: (id: string) =>
    queryOptions({
      queryKey: ["campaigns", id],
      queryFn: () => apiFetch(op.getCampaign, { params: { id } }).then((r) => r.campaign),
      refetchInterval: (query) => (query.state.data && ["scheduled", "paused"].includes(query.state.data.status) ? 2000 : false),
    }),
  leads: (id: string, filter: { status?: LeadStatus; offset: number }) =>
    queryOptions({
      queryKey: ["campaigns", id, "leads", filter],
      queryFn: () => apiFetch(op.listCampaignLeads, { params: { id }, query: { limit: 50, offset: filter.offset, status: filter.status } }),
      refetchInterval: 3000,
    }),
};

export const doNotCallQueries = {
  list: () => queryOptions({ queryKey: ["do-not-call"], queryFn: () => apiFetch(op.listDoNotCall, { query: { limit: 1000 } }) }),
};

export const createCampaignRequest = (body: BodyInputOf<typeof op.createCampaign>) => apiFetch(op.createCampaign, { body }).then((r) => r.campaign);
export const campaignActionRequest = (id: string, action: "pause" | "resume" | "cancel") =>
  apiFetch(action === "pause" ? op.pauseCampaign : action === "resume" ? op.resumeCampaign : op.cancelCampaign, { params: { id } }).then((r) => r.campaign);
export const deleteCampaignRequest = (id: string) => apiFetch(op.deleteCampaign, { params: { id } });
export const addDoNotCallRequest = (phone_number: string, reason: string | null) => apiFetch(op.createDoNotCall, { body: { phone_number, reason } });
export const deleteDoNotCallRequest = (id: string) => apiFetch(op.deleteDoNotCall, { params: { id } });

/** Uploads a CSV file (multipart) to a lead or do-not-call import; answers the import report. */
export async function uploadCsvRequest(path: string, file: File, defaultCountry: string | null): Promise<ImportResult> {
  const form = new FormData();
  form.append("file", file);
  const query = defaultCountry ? `?default_country=${encodeURIComponent(defaultCountry)}` : "";
  const res = await fetch(`/api/v1${path}${query}`, { method: "POST", body: form, credentials: "same-origin" });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new ApiClientError(res.status, body?.error?.code ?? "error", body?.error?.message ?? `Upload failed (${res.status})`, body?.error?.param ?? null);
  return body as ImportResult;
}
