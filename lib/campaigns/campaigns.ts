import "server-only";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors/app-error";
import { Prisma, type Campaign as CampaignRow } from "@/lib/generated/prisma/client";
import { kickDialer } from "@/lib/campaigns/dial-job";
import { insertLeads } from "@/lib/campaigns/leads";
import { retryDelaysOf, windowOf } from "@/lib/campaigns/settings";
import { nextWindowOpening } from "@/lib/campaigns/window";
import {
  DEFAULT_RETRY_DELAYS,
  resolveRetryDelays,
  type Campaign,
  type CampaignCreateInput,
  type CampaignStatus,
  type CampaignUpdateInput,
  type LeadStatus,
} from "@/lib/schemas/campaign";
import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";

// Campaigns: an assistant, a caller-ID number with an outbound trunk, a window and the
// dialer's limits. Counters are counted from the leads, so they cannot drift from them.

type Counters = Record<LeadStatus, number>;
const noCounters = (): Counters => ({ pending: 0, calling: 0, completed: 0, failed: 0, no_answer: 0, skipped: 0 });

export function serializeCampaign(row: CampaignRow, counters: Counters, now = new Date()): Campaign {
  const total = Object.values(counters).reduce((a, b) => a + b, 0);
  const opening = row.status === "completed" || row.status === "cancelled" ? null : nextWindowOpening(windowOf(row), now);
  return {
    id: row.id,
    name: row.name,
    assistant_id: row.assistantId,
    agent_id: row.assistantId,
    number_id: row.numberId,
    system_message_template: row.systemMessageTemplate,
    schedule_start_time: row.scheduleStartTime,
    schedule_end_time: row.scheduleEndTime,
    timezone: row.timezone,
    days_of_week: row.daysOfWeek,
    start_date: row.startDate,
    end_date: row.endDate,
    status: row.status,
    paused_reason: row.pausedReason,
    max_concurrent_calls: row.maxConcurrentCalls,
    calls_per_second: row.callsPerSecond,
    max_attempts: row.maxAttempts,
    retry_delay_minutes: retryDelaysOf(row),
    respect_lead_timezone: row.respectLeadTimezone,
    voicemail_action: row.voicemailAction as Campaign["voicemail_action"],
    auto_pause_failure_rate: row.autoPauseFailureRate,
    auto_pause_window: row.autoPauseWindow,
    test_first_leads: row.testFirstLeads,
    total_leads: total,
    pending_leads: counters.pending,
    calling_leads: counters.calling,
    completed_leads: counters.completed,
    failed_leads: counters.failed,
    no_answer_leads: counters.no_answer,
    skipped_leads: counters.skipped,
    next_window_at: opening && opening.getTime() !== now.getTime() ? opening.toISOString() : null,
    completed_at: row.completedAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

async function countersOf(scope: OrgScope, campaignIds: string[]): Promise<Map<string, Counters>> {
  const map = new Map(campaignIds.map((id) => [id, noCounters()]));
  if (campaignIds.length === 0) return map;
  const groups = await db.campaignLead.groupBy({ by: ["campaignId", "status"], where: { campaignId: { in: campaignIds }, ...orgWhere(scope) }, _count: { _all: true } });
  for (const group of groups) map.get(group.campaignId)![group.status] = group._count._all;
  return map;
}

export async function findCampaigns(scope: OrgScope, options: { limit: number; offset: number; status?: CampaignStatus }) {
  const where = { ...orgWhere(scope), ...(options.status ? { status: options.status } : {}) };
  const [rows, total] = await Promise.all([
    db.campaign.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: options.limit, skip: options.offset }),
    db.campaign.count({ where }),
  ]);
  const counters = await countersOf(scope, rows.map((r) => r.id));
  return { campaigns: rows.map((row) => serializeCampaign(row, counters.get(row.id)!)), total };
}

export async function getCampaignRowOrThrow(scope: OrgScope, id: string): Promise<CampaignRow> {
  const row = await db.campaign.findFirst({ where: { id, ...orgWhere(scope) } });
  if (!row) throw notFound("Campaign");
  return row;
}

export async function getCampaignOrThrow(scope: OrgScope, id: string): Promise<Campaign> {
  const row = await getCampaignRowOrThrow(scope, id);
  return serializeCampaign(row, (await countersOf(scope, [id])).get(id)!);
}

/** The assistant must exist here and be active. */
async function assertAssistant(scope: OrgScope, id: string) {
  const row = await db.assistant.findFirst({ where: { id, ...orgWhere(scope) }, select: { isActive: true } });
  if (!row) throw new AppError("not_found", "Assistant not found", "assistant_id");
  if (!row.isActive) throw new AppError("assistant_inactive", "The assistant is not active: activate it to run a campaign with it", "assistant_id");
}

/** The caller ID must be a number of the organisation whose trunk can place calls. */
async function assertOutboundNumber(scope: OrgScope, id: string) {
  const row = await db.phoneNumber.findFirst({ where: { id, ...orgWhere(scope) }, include: { transferTrunk: { select: { outboundAddress: true, isActive: true } } } });
  if (!row) throw new AppError("not_found", "Phone number not found", "number_id");
  if (!row.transferTrunk?.outboundAddress) throw new AppError("validation_error", "number_id: the number has no SIP trunk with an outbound address, so it cannot place calls", "number_id");
  if (!row.transferTrunk.isActive || !row.isActive) throw new AppError("validation_error", "number_id: the number or its SIP trunk is inactive", "number_id");
}

type Settings = Omit<CampaignUpdateInput, "status" | "assistant_id" | "number_id" | "name">;
function settingsData(input: Settings, current?: CampaignRow): Prisma.CampaignUncheckedUpdateInput {
  const data: Prisma.CampaignUncheckedUpdateInput = {};
  if (input.system_message_template !== undefined) data.systemMessageTemplate = input.system_message_template;
  if (input.schedule_start_time !== undefined) data.scheduleStartTime = input.schedule_start_time;
  if (input.schedule_end_time !== undefined) data.scheduleEndTime = input.schedule_end_time;
  if (input.timezone !== undefined) data.timezone = input.timezone;
  if (input.days_of_week !== undefined) data.daysOfWeek = input.days_of_week;
  if (input.start_date !== undefined) data.startDate = input.start_date;
  if (input.end_date !== undefined) data.endDate = input.end_date;
  if (input.max_concurrent_calls !== undefined) data.maxConcurrentCalls = input.max_concurrent_calls;
  if (input.calls_per_second !== undefined) data.callsPerSecond = input.calls_per_second;
  if (input.max_attempts !== undefined) data.maxAttempts = input.max_attempts;
  if (input.retry_delay_minutes !== undefined || !current) {
    data.retryDelayMinutes = resolveRetryDelays(input.retry_delay_minutes, current ? retryDelaysOf(current) : DEFAULT_RETRY_DELAYS);
  }
  if (input.respect_lead_timezone !== undefined) data.respectLeadTimezone = input.respect_lead_timezone;
  if (input.voicemail_action !== undefined) data.voicemailAction = input.voicemail_action;
  if (input.auto_pause_failure_rate !== undefined) data.autoPauseFailureRate = input.auto_pause_failure_rate;
  if (input.auto_pause_window !== undefined) data.autoPauseWindow = input.auto_pause_window;
  if (input.test_first_leads !== undefined) data.testFirstLeads = input.test_first_leads;
  return data;
}

export async function createCampaign(scope: OrgScope, input: CampaignCreateInput): Promise<Campaign> {
  await assertAssistant(scope, input.assistant_id!);
  await assertOutboundNumber(scope, input.number_id);
  const { leads, status, name, assistant_id, number_id, ...settings } = input;
  const id = await db.$transaction(async (tx) => {
    const row = await tx.campaign.create({
      data: {
        ...orgWhere(scope),
        name,
        assistantId: assistant_id!,
        numberId: number_id,
        status: status ?? "draft",
        ...(settingsData(settings) as Omit<Prisma.CampaignUncheckedCreateInput, "organizationId" | "name" | "assistantId" | "numberId">),
        retryDelayMinutes: resolveRetryDelays(settings.retry_delay_minutes),
      },
    });
    if (leads?.length) await insertLeads(tx, scope, row.id, leads.map((l) => ({ phoneNumber: l.phone_number, name: l.name ?? null, timezone: l.timezone ?? null, variables: l.variables ?? {} })));
    if (row.status === "scheduled") await kickDialer(tx, scope, row.id);
    return row.id;
  });
  return getCampaignOrThrow(scope, id);
}

// draft → scheduled ⇄ paused → cancelled; completed is the platform's (and reopens when
// leads are added to it and it is scheduled again).
const TRANSITIONS: Record<CampaignStatus, readonly CampaignStatus[]> = {
  draft: ["scheduled", "cancelled"],
  scheduled: ["paused", "cancelled"],
  paused: ["scheduled", "cancelled"],
  completed: ["scheduled"],
  cancelled: [],
};

export async function updateCampaign(scope: OrgScope, id: string, input: CampaignUpdateInput): Promise<Campaign> {
  const current = await getCampaignRowOrThrow(scope, id);
  if (current.status === "cancelled" && Object.keys(input).some((k) => k !== "name")) {
    throw new AppError("conflict", "The campaign is cancelled: only its name can change", "status");
  }
  if (input.assistant_id !== undefined && input.assistant_id !== current.assistantId) await assertAssistant(scope, input.assistant_id);
  if (input.number_id !== undefined && input.number_id !== current.numberId) await assertOutboundNumber(scope, input.number_id);
  const start = input.schedule_start_time ?? current.scheduleStartTime;
  const end = input.schedule_end_time ?? current.scheduleEndTime;
  if (start === end) throw new AppError("validation_error", "schedule_end_time: must differ from schedule_start_time", "schedule_end_time");
  const startDate = input.start_date !== undefined ? input.start_date : current.startDate;
  const endDate = input.end_date !== undefined ? input.end_date : current.endDate;
  if (startDate && endDate && endDate < startDate) throw new AppError("validation_error", "end_date: must not be before start_date", "end_date");

  const { status, name, assistant_id, number_id, ...settings } = input;
  const data = settingsData(settings, current);
  if (name !== undefined) data.name = name;
  if (assistant_id !== undefined) data.assistantId = assistant_id;
  if (number_id !== undefined) data.numberId = number_id;
  if (status !== undefined && status !== current.status) {
    if (!TRANSITIONS[current.status].includes(status)) {
      throw new AppError("conflict", `A ${current.status} campaign cannot become ${status}${status === "completed" ? " (the platform completes it)" : ""}`, "status");
    }
    if (status === "scheduled") {
      // A campaign whose assistant or number was deleted needs new ones before it can run.
      const assistantId = assistant_id ?? current.assistantId;
      const numberId = number_id ?? current.numberId;
      if (!assistantId) throw new AppError("validation_error", "assistant_id: the campaign's assistant was deleted; set another one", "assistant_id");
      if (!numberId) throw new AppError("validation_error", "number_id: the campaign's number was deleted; set another one", "number_id");
      await assertAssistant(scope, assistantId);
      if (!number_id) await assertOutboundNumber(scope, numberId);
      data.pausedReason = null;
      data.completedAt = null;
    }
    data.status = status;
  }
  await db.$transaction(async (tx) => {
    // Conditional on the status read above: a dialer completing or pausing it meanwhile wins, and the caller retries.
    const updated = await tx.campaign.updateMany({ where: { id, ...orgWhere(scope), status: current.status }, data: data as Prisma.CampaignUncheckedUpdateManyInput });
    if (updated.count === 0) throw new AppError("conflict", "The campaign changed meanwhile; read it again", "status");
    if (status === "cancelled") {
      // Leads not yet dialled are not dialled any more; calls in progress finish.
      await tx.campaignLead.updateMany({ where: { campaignId: id, ...orgWhere(scope), status: "pending" }, data: { status: "skipped", outcome: "cancelled", nextAttemptAt: null } });
    }
    if (data.status === "scheduled") await kickDialer(tx, scope, id);
  });
  return getCampaignOrThrow(scope, id);
}

/** Pause, resume or cancel: the explicit actions, equal to PATCH {status}. */
export const setCampaignStatus = (scope: OrgScope, id: string, status: "scheduled" | "paused" | "cancelled") => updateCampaign(scope, id, { status });

export async function deleteCampaign(scope: OrgScope, id: string): Promise<void> {
  const current = await getCampaignRowOrThrow(scope, id);
  const calling = await db.campaignLead.count({ where: { campaignId: id, ...orgWhere(scope), status: "calling" } });
  if (current.status === "scheduled" || calling > 0) {
    throw new AppError("conflict", "The campaign is running: pause or cancel it, and let its calls finish, before deleting it", "status");
  }
  await db.campaign.deleteMany({ where: { id, ...orgWhere(scope) } });
}
