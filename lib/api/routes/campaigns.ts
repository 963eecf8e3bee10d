import "server-only";
import type { CountryCode } from "libphonenumber-js/max";
import { route } from "@/lib/api/handler";
import * as op from "@/lib/api/operations/campaigns";
import { createCampaign, deleteCampaign, findCampaigns, getCampaignOrThrow, setCampaignStatus, updateCampaign } from "@/lib/campaigns/campaigns";
import { IMPORT_LIMITS } from "@/lib/campaigns/csv-leads";
import { addDoNotCall, addDoNotCallNumbers, deleteDoNotCall, findDoNotCall, importDoNotCall } from "@/lib/campaigns/do-not-call";
import { exportLeadsCsv } from "@/lib/campaigns/export-leads";
import { importLeads } from "@/lib/campaigns/import-leads";
import { addLead, addLeads, deleteLead, findLeads } from "@/lib/campaigns/leads";
import { AppError } from "@/lib/errors/app-error";

export const listCampaigns = route(op.listCampaigns, async ({ query: { limit, offset, status }, scope }) => {
  const { campaigns, total } = await findCampaigns(scope, { limit, offset, status });
  return { campaigns, pagination: { total, limit, offset } };
});

export const postCampaign = route(op.createCampaign, async ({ body, scope }) => ({ campaign: await createCampaign(scope, body) }));

export const getCampaign = route(op.getCampaign, async ({ params, scope }) => ({ campaign: await getCampaignOrThrow(scope, params.id) }));

export const patchCampaign = route(op.updateCampaign, async ({ params, body, scope }) => ({ campaign: await updateCampaign(scope, params.id, body) }));

export const removeCampaign = route(op.deleteCampaign, async ({ params, scope }) => {
  await deleteCampaign(scope, params.id);
  return { success: true } as const;
});

export const pauseCampaign = route(op.pauseCampaign, async ({ params, scope }) => ({ campaign: await setCampaignStatus(scope, params.id, "paused") }));
export const resumeCampaign = route(op.resumeCampaign, async ({ params, scope }) => ({ campaign: await setCampaignStatus(scope, params.id, "scheduled") }));
export const cancelCampaign = route(op.cancelCampaign, async ({ params, scope }) => ({ campaign: await setCampaignStatus(scope, params.id, "cancelled") }));

export const listCampaignLeads = route(op.listCampaignLeads, async ({ params, query: { limit, offset, status, phone_number }, scope }) => {
  const { leads, total } = await findLeads(scope, params.id, { limit, offset, status, phoneNumber: phone_number });
  return { leads, pagination: { total, limit, offset } };
});

export const postCampaignLeads = route(op.createCampaignLead, async ({ params, body, scope }) =>
  "leads" in body ? addLeads(scope, params.id, body.leads) : { lead: await addLead(scope, params.id, body) },
);

export const removeCampaignLead = route(op.deleteCampaignLead, async ({ params, scope }) => {
  await deleteLead(scope, params.id, params.leadId);
  return { success: true } as const;
});

const CSV_TYPES = ["text/csv", "application/csv", "text/plain", "application/octet-stream", "application/vnd.ms-excel", "text/tab-separated-values"];

// The uploaded file as a byte stream: the request body itself (text/csv), or the `file` field
// of a multipart form (which the runtime buffers; the size limit is checked before reading).
async function uploadedFile(req: Request): Promise<AsyncIterable<Uint8Array>> {
  const length = Number(req.headers.get("content-length") ?? "0");
  // A multipart envelope adds a few hundred bytes to the file.
  if (length > IMPORT_LIMITS.maxBytes + 64 * 1024) throw new AppError("payload_too_large", `The file is larger than ${IMPORT_LIMITS.maxBytes} bytes`, "file");
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "multipart/form-data") {
    const form = await req.formData().catch(() => {
      throw new AppError("invalid_request", "The multipart body could not be read", "file");
    });
    const file = form.get("file");
    if (!file || typeof file === "string") throw new AppError("validation_error", "file: a file field named file is required", "file");
    if (file.size > IMPORT_LIMITS.maxBytes) throw new AppError("payload_too_large", `The file is larger than ${IMPORT_LIMITS.maxBytes} bytes`, "file");
    return file.stream() as unknown as AsyncIterable<Uint8Array>;
  }
  if (!CSV_TYPES.includes(type)) throw new AppError("unsupported_media_type", "Send the file as text/csv or as the file field of multipart/form-data", "file");
  if (!req.body) throw new AppError("validation_error", "file: the request has no body", "file");
  return req.body as unknown as AsyncIterable<Uint8Array>;
}

export const importCampaignLeads = route(op.importCampaignLeads, async ({ req, params, query, scope }) =>
  importLeads(scope, params.id, await uploadedFile(req), { defaultCountry: (query.default_country ?? null) as CountryCode | null }),
);

export const exportCampaignLeads = route(op.exportCampaignLeads, async ({ params, scope }) => {
  const stream = await exportLeadsCsv(scope, params.id);
  return new Response(stream, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="campaign-${params.id}-leads.csv"` },
  });
});

export const listDoNotCall = route(op.listDoNotCall, async ({ query: { limit, offset, phone_number }, scope }) => {
  const { entries, total } = await findDoNotCall(scope, { limit, offset, phoneNumber: phone_number });
  return { do_not_call: entries, pagination: { total, limit, offset } };
});

export const postDoNotCall = route(op.createDoNotCall, async ({ body, scope }) => {
  if ("phone_numbers" in body) {
    const { entries, skipped_duplicates } = await addDoNotCallNumbers(scope, body.phone_numbers, body.reason ?? null);
    return { do_not_call: entries, skipped_duplicates };
  }
  return { do_not_call: await addDoNotCall(scope, body.phone_number, body.reason ?? null) };
});

export const removeDoNotCall = route(op.deleteDoNotCall, async ({ params, scope }) => {
  await deleteDoNotCall(scope, params.id);
  return { success: true } as const;
});

export const importDoNotCallNumbers = route(op.importDoNotCall, async ({ req, query, scope }) =>
  importDoNotCall(scope, await uploadedFile(req), { defaultCountry: (query.default_country ?? null) as CountryCode | null }),
);
