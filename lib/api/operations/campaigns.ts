import { z } from "zod";
import { defineOperation, successSchema, uuidParam } from "@/lib/api/operation";
import { paginationQuerySchema, paginationSchema } from "@/lib/schemas/common";
import {
  campaignCreateSchema,
  campaignListQuerySchema,
  campaignSchema,
  campaignUpdateSchema,
  doNotCallCreateSchema,
  doNotCallSchema,
  importResultSchema,
  leadListQuerySchema,
  leadSchema,
  leadsCreateSchema,
} from "@/lib/schemas/campaign";

// Outbound campaigns (HMS beta) with the dialer's extensions, their leads, CSV import and
// export, and the organisation's do-not-call list.

const tags = ["Campaigns"];
const dncTags = ["Do not call"];
const params = { id: uuidParam("Campaign") };
const leadParams = { id: uuidParam("Campaign"), leadId: uuidParam("Lead") };

export const campaignResponseSchema = z.object({ campaign: campaignSchema });
export const campaignListSchema = z.object({ campaigns: z.array(campaignSchema), pagination: paginationSchema });
export const leadResponseSchema = z.object({ lead: leadSchema });
export const leadListSchema = z.object({ leads: z.array(leadSchema), pagination: paginationSchema });
export const leadsAddedSchema = z.object({ leads: z.array(leadSchema), skipped_duplicates: z.number() });
export const doNotCallResponseSchema = z.object({ do_not_call: doNotCallSchema });
export const doNotCallListSchema = z.object({ do_not_call: z.array(doNotCallSchema), pagination: paginationSchema });
export const doNotCallAddedSchema = z.object({ do_not_call: z.array(doNotCallSchema), skipped_duplicates: z.number() });

const importQuerySchema = z.object({
  default_country: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, "must be an ISO 3166 country code, e.g. NL")
    .transform((c) => c.toUpperCase())
    .optional()
    .describe("Country of numbers written without +country code (ISO 3166 alpha-2, e.g. NL)"),
});

const importDescription =
  "A CSV file as text/csv (or application/octet-stream) or as the `file` field of multipart/form-data, at most 20 MiB and 100,000 data rows (413 / 422 beyond). " +
  "UTF-8 with or without BOM, else read as Latin-1 (Windows-1252); delimiter `,`, `;` or tab, taken from the header row; quoted fields. " +
  "The header names the number column `phone_number` (or phone, number, phonenumber, phone_no, telephone, tel, mobile, mobile_number, cell, msisdn, e164), " +
  "optionally `name` (full_name, contact, contact_name) and `timezone` (time_zone, tz); every other column becomes a variable. " +
  "Numbers are normalised to E.164 (national ones with default_country); numbers repeated in the file or already leads are skipped; " +
  "invalid rows are reported by line (the header is line 1) and the valid ones kept. A file that breaks a limit stores nothing.";

export const listCampaigns = defineOperation({
  operationId: "listCampaigns", method: "get", path: "/campaigns", tags, permission: "campaigns.read",
  summary: "List campaigns",
  query: campaignListQuerySchema,
  responses: { 200: { description: "Campaigns", schema: campaignListSchema } },
});

export const createCampaign = defineOperation({
  operationId: "createCampaign", method: "post", path: "/campaigns", tags, permission: "campaigns.write",
  summary: "Create a campaign",
  description: "The assistant must be active and the number must have a SIP trunk with an outbound address. `leads` may add up to 1000 leads at once.",
  body: campaignCreateSchema,
  responses: { 201: { description: "The campaign", schema: campaignResponseSchema } },
  errors: { 404: "assistant_id or number_id not found" },
});

export const getCampaign = defineOperation({
  operationId: "getCampaign", method: "get", path: "/campaigns/{id}", params, tags, permission: "campaigns.read",
  summary: "Get a campaign",
  responses: { 200: { description: "The campaign", schema: campaignResponseSchema } },
});

export const updateCampaign = defineOperation({
  operationId: "updateCampaign", method: "patch", path: "/campaigns/{id}", params, tags, permission: "campaigns.write",
  summary: "Update a campaign (status: scheduled to start or resume, paused, cancelled)",
  description: "draft → scheduled ⇄ paused → cancelled; completed is set by the platform (scheduling a completed campaign again dials leads added since). Pausing stops new dials at once; calls in progress finish.",
  body: campaignUpdateSchema,
  responses: { 200: { description: "The campaign", schema: campaignResponseSchema } },
  errors: { 409: "The status change is not allowed from the current status, or the campaign is cancelled" },
});

export const deleteCampaign = defineOperation({
  operationId: "deleteCampaign", method: "delete", path: "/campaigns/{id}", params, tags, permission: "campaigns.write",
  summary: "Delete a campaign and its leads",
  responses: { 200: { description: "Deleted", schema: successSchema } },
  errors: { 409: "The campaign is scheduled or has calls in progress" },
});

const action = (operationId: string, verb: string, path: string, summary: string) =>
  defineOperation({
    operationId, method: "post", path: `/campaigns/{id}/${path}`, params, tags, permission: "campaigns.write",
    summary: `${summary} (extension; same as PATCH status ${verb})`,
    responses: { 200: { description: "The campaign", schema: campaignResponseSchema } },
    errors: { 409: "The status change is not allowed from the current status" },
  });
export const pauseCampaign = action("pauseCampaign", "paused", "pause", "Pause a campaign");
export const resumeCampaign = action("resumeCampaign", "scheduled", "resume", "Start or resume a campaign");
export const cancelCampaign = action("cancelCampaign", "cancelled", "cancel", "Cancel a campaign");

export const listCampaignLeads = defineOperation({
  operationId: "listCampaignLeads", method: "get", path: "/campaigns/{id}/leads", params, tags, permission: "campaigns.read",
  summary: "List a campaign's leads",
  query: leadListQuerySchema,
  responses: { 200: { description: "Leads", schema: leadListSchema } },
});

export const createCampaignLead = defineOperation({
  operationId: "createCampaignLead", method: "post", path: "/campaigns/{id}/leads", params, tags, permission: "campaigns.write",
  summary: "Add a lead, or several ({leads: [...]})",
  description: "One lead answers {lead} (409 when the number is already a lead); several answer {leads, skipped_duplicates}. A number on the do-not-call list is stored as skipped with outcome dnc.",
  body: leadsCreateSchema,
  responses: { 201: { description: "The lead, or the leads added", schema: z.union([leadResponseSchema, leadsAddedSchema]) } },
  errors: { 409: "The number is already a lead of this campaign, or the campaign is cancelled" },
});

export const deleteCampaignLead = defineOperation({
  operationId: "deleteCampaignLead", method: "delete", path: "/campaigns/{id}/leads/{leadId}", params: leadParams, tags, permission: "campaigns.write",
  summary: "Remove a lead",
  responses: { 200: { description: "Deleted", schema: successSchema } },
  errors: { 409: "The lead is being called" },
});

export const importCampaignLeads = defineOperation({
  operationId: "importCampaignLeads", method: "post", path: "/campaigns/{id}/leads/import", params, tags, permission: "campaigns.write",
  summary: "Import leads from a CSV file (extension)",
  description: importDescription,
  query: importQuerySchema,
  bodyMedia: ["text/csv", "multipart/form-data"],
  responses: { 200: { description: "What was imported", schema: importResultSchema } },
  errors: { 409: "The campaign is cancelled", 413: "The file is larger than 20 MiB", 415: "Neither CSV nor multipart/form-data" },
});

export const exportCampaignLeads = defineOperation({
  operationId: "exportCampaignLeads", method: "get", path: "/campaigns/{id}/leads/export", params, tags, permission: "campaigns.read",
  summary: "Export leads with their results as CSV (extension)",
  description: "Columns: id, phone_number, name, status, attempts, outcome, last_attempt_at, next_attempt_at, call_id, call_status, duration_seconds, summary, structured_data (JSON of the last call's analysis), then the lead's variables.",
  responses: { 200: { description: "text/csv", media: ["text/csv"] } },
});

export const listDoNotCall = defineOperation({
  operationId: "listDoNotCall", method: "get", path: "/do-not-call", tags: dncTags, permission: "campaigns.read",
  summary: "List the do-not-call numbers (extension)",
  query: paginationQuerySchema.extend({ phone_number: z.string().trim().max(40).optional().describe("Only numbers containing this") }),
  responses: { 200: { description: "Numbers", schema: doNotCallListSchema } },
});

export const createDoNotCall = defineOperation({
  operationId: "createDoNotCall", method: "post", path: "/do-not-call", tags: dncTags, permission: "campaigns.write",
  summary: "Add numbers to the do-not-call list (extension)",
  description: "{phone_number} answers {do_not_call: entry} (409 when listed); {phone_numbers: [...]} answers {do_not_call: [added], skipped_duplicates}. Pending leads with the number are skipped (outcome dnc).",
  body: doNotCallCreateSchema,
  responses: { 201: { description: "The entry, or the entries added", schema: z.union([doNotCallResponseSchema, doNotCallAddedSchema]) } },
  errors: { 409: "The number is on the list" },
});

export const deleteDoNotCall = defineOperation({
  operationId: "deleteDoNotCall", method: "delete", path: "/do-not-call/{id}", params: { id: uuidParam("Do-not-call entry") }, tags: dncTags, permission: "campaigns.write",
  summary: "Remove a number from the do-not-call list (extension)",
  responses: { 200: { description: "Deleted", schema: successSchema } },
});

export const importDoNotCall = defineOperation({
  operationId: "importDoNotCall", method: "post", path: "/do-not-call/import", tags: dncTags, permission: "campaigns.write",
  summary: "Import do-not-call numbers from a CSV file (extension)",
  description: "Same file rules as a lead import (only the number column is read).",
  query: importQuerySchema,
  bodyMedia: ["text/csv", "multipart/form-data"],
  responses: { 200: { description: "What was imported", schema: importResultSchema } },
  errors: { 413: "The file is larger than 20 MiB", 415: "Neither CSV nor multipart/form-data" },
});
