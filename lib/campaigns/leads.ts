import "server-only";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors/app-error";
import type { CampaignLead as LeadRow, Prisma } from "@/lib/generated/prisma/client";
import { timezoneOfNumber } from "@/lib/campaigns/window";
import type { Lead, LeadCreateInput, LeadStatus } from "@/lib/schemas/campaign";
import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";

// A campaign's leads: one per number and campaign (a second one is a duplicate, skipped).
// A number on the organisation's do-not-call list is stored as skipped (outcome dnc), so
// the list shows it was asked for and why it was not called.

type Tx = Prisma.TransactionClient;

export function serializeLead(row: LeadRow): Lead {
  return {
    id: row.id,
    campaign_id: row.campaignId,
    phone_number: row.phoneNumber,
    name: row.name,
    timezone: row.timezone,
    variables: (row.variables ?? {}) as Record<string, string>,
    status: row.status,
    attempts: row.attempts,
    last_attempt_at: row.lastAttemptAt?.toISOString() ?? null,
    next_attempt_at: row.nextAttemptAt?.toISOString() ?? null,
    call_id: row.callId,
    outcome: row.outcome,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export interface NewLead {
  phoneNumber: string;
  name: string | null;
  timezone: string | null;
  variables: Record<string, string>;
}

/** Numbers of `phoneNumbers` on the organisation's do-not-call list. */
export async function doNotCallAmong(tx: Tx | typeof db, scope: OrgScope, phoneNumbers: string[]): Promise<Set<string>> {
  if (phoneNumbers.length === 0) return new Set();
  const rows = await tx.doNotCallNumber.findMany({ where: { ...orgWhere(scope), phoneNumber: { in: phoneNumbers } }, select: { phoneNumber: true } });
  return new Set(rows.map((r) => r.phoneNumber));
}

/** Inserts leads, skipping numbers the campaign has; returns what was created. */
export async function insertLeads(tx: Tx, scope: OrgScope, campaignId: string, leads: NewLead[]) {
  const dnc = await doNotCallAmong(tx, scope, leads.map((l) => l.phoneNumber));
  const created = await tx.campaignLead.createManyAndReturn({
    data: leads.map((lead) => ({
      ...orgWhere(scope),
      campaignId,
      phoneNumber: lead.phoneNumber,
      name: lead.name,
      timezone: lead.timezone,
      zone: lead.timezone ?? timezoneOfNumber(lead.phoneNumber),
      variables: lead.variables,
      ...(dnc.has(lead.phoneNumber) ? { status: "skipped" as const, outcome: "dnc" } : {}),
    })),
    skipDuplicates: true,
  });
  return { created, duplicates: leads.length - created.length, dnc: created.filter((l) => l.outcome === "dnc").length };
}

/**
 * Bulk variant for imports: one statement per batch (do-not-call lookup, insert, counts),
 * numbers the campaign has skipped by its unique index, nothing returned but the counts.
 */
export async function insertLeadBatch(tx: Tx, scope: OrgScope, campaignId: string, leads: NewLead[]): Promise<{ created: number; duplicates: number; dnc: number }> {
  if (leads.length === 0) return { created: 0, duplicates: 0, dnc: 0 };
  const phones = leads.map((l) => l.phoneNumber);
  const names = leads.map((l) => l.name);
  const timezones = leads.map((l) => l.timezone);
  const zones = leads.map((l) => l.timezone ?? timezoneOfNumber(l.phoneNumber));
  const variables = leads.map((l) => JSON.stringify(l.variables));
  const [counts] = await tx.$queryRaw<{ created: number; dnc: number }[]>`
    WITH input AS (
      SELECT * FROM unnest(${phones}::text[], ${names}::text[], ${timezones}::text[], ${zones}::text[], ${variables}::text[]) WITH ORDINALITY
        AS r(phone_number, name, timezone, zone, variables, n)
    ), inserted AS (
      INSERT INTO campaign_leads (id, organization_id, campaign_id, phone_number, name, timezone, zone, variables, status, outcome, updated_at)
      SELECT gen_random_uuid(), ${scope.organizationId}::uuid, ${campaignId}::uuid, r.phone_number, r.name, r.timezone, r.zone, r.variables::jsonb,
        (CASE WHEN d.id IS NULL THEN 'pending' ELSE 'skipped' END)::"LeadStatus", CASE WHEN d.id IS NULL THEN NULL ELSE 'dnc' END, now()
      FROM input r LEFT JOIN do_not_call_numbers d ON d.organization_id = ${scope.organizationId}::uuid AND d.phone_number = r.phone_number
      ORDER BY r.n
      ON CONFLICT (campaign_id, phone_number) DO NOTHING
      RETURNING status
    )
    SELECT count(*)::int AS created, (count(*) FILTER (WHERE status = 'skipped'))::int AS dnc FROM inserted`;
  return { created: counts!.created, duplicates: leads.length - counts!.created, dnc: counts!.dnc };
}

async function assertOpen(scope: OrgScope, campaignId: string, tx: Tx | typeof db = db) {
  const campaign = await tx.campaign.findFirst({ where: { id: campaignId, ...orgWhere(scope) }, select: { status: true } });
  if (!campaign) throw notFound("Campaign");
  if (campaign.status === "cancelled") throw new AppError("conflict", "The campaign is cancelled: leads cannot be added", "status");
}

const toNew = (input: LeadCreateInput): NewLead => ({ phoneNumber: input.phone_number, name: input.name ?? null, timezone: input.timezone ?? null, variables: input.variables ?? {} });

/** One lead: a number the campaign has is a conflict. */
export async function addLead(scope: OrgScope, campaignId: string, input: LeadCreateInput): Promise<Lead> {
  return db.$transaction(async (tx) => {
    await assertOpen(scope, campaignId, tx);
    const { created } = await insertLeads(tx, scope, campaignId, [toNew(input)]);
    if (created.length === 0) throw new AppError("conflict", `${input.phone_number} is already a lead of this campaign`, "phone_number");
    return serializeLead(created[0]!);
  });
}

/** Several leads: numbers the campaign has, or repeated in the request, are skipped and counted. */
export async function addLeads(scope: OrgScope, campaignId: string, inputs: LeadCreateInput[]) {
  return db.$transaction(async (tx) => {
    await assertOpen(scope, campaignId, tx);
    const { created, duplicates } = await insertLeads(tx, scope, campaignId, inputs.map(toNew));
    return { leads: created.map(serializeLead), skipped_duplicates: duplicates };
  });
}

export async function findLeads(scope: OrgScope, campaignId: string, options: { limit: number; offset: number; status?: LeadStatus; phoneNumber?: string }) {
  await assertCampaign(scope, campaignId);
  const where: Prisma.CampaignLeadWhereInput = {
    campaignId,
    ...orgWhere(scope),
    ...(options.status ? { status: options.status } : {}),
    ...(options.phoneNumber ? { phoneNumber: { contains: options.phoneNumber.replace(/[^\d+]/g, "") } } : {}),
  };
  const [rows, total] = await Promise.all([
    db.campaignLead.findMany({ where, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: options.limit, skip: options.offset }),
    db.campaignLead.count({ where }),
  ]);
  return { leads: rows.map(serializeLead), total };
}

export async function assertCampaign(scope: OrgScope, campaignId: string) {
  const found = await db.campaign.findFirst({ where: { id: campaignId, ...orgWhere(scope) }, select: { id: true } });
  if (!found) throw notFound("Campaign");
}

export async function deleteLead(scope: OrgScope, campaignId: string, leadId: string): Promise<void> {
  const lead = await db.campaignLead.findFirst({ where: { id: leadId, campaignId, ...orgWhere(scope) }, select: { status: true } });
  if (!lead) throw notFound("Lead");
  if (lead.status === "calling") throw new AppError("conflict", "The lead is being called: delete it when the call has ended", "lead_id");
  // Conditional: a dialer claiming it meanwhile keeps it.
  const deleted = await db.campaignLead.deleteMany({ where: { id: leadId, campaignId, ...orgWhere(scope), status: { not: "calling" } } });
  if (deleted.count === 0) throw new AppError("conflict", "The lead is being called: delete it when the call has ended", "lead_id");
}
