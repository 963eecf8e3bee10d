import "server-only";
import { db } from "@/lib/db";
import { isAppError } from "@/lib/errors/app-error";
import { Prisma, type Campaign as CampaignRow, type CampaignLead as LeadRow } from "@/lib/generated/prisma/client";
import { retryDelaysOf, windowOf } from "@/lib/campaigns/settings";
import { isFailureRateTripped, leadAfterAttempt, outcomeOfCall, paceWait, renderTemplate } from "@/lib/campaigns/dial-policy";
import { hasWindowLeft, isInsideWindow, nextWindowOpening } from "@/lib/campaigns/window";
import type { AttemptOutcome } from "@/lib/schemas/campaign";
import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";

// The dialer: one step at a time, safe to run in any number of processes at once.
//
// A dial decision takes the campaign row's lock (SELECT … FOR UPDATE), so concurrency and
// pacing are decided by one process at a time per campaign, then claims one lead with
// UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED) and records the attempt, all in one
// transaction: a lead is claimed once. The call is placed after the commit, with the attempt's
// id in its metadata; a claim whose process died before its call id was stored is released
// only when no call carries that attempt id (a call that exists is followed to its end instead),
// so a lead is never dialled twice while its first call may still be live.

export interface CampaignCallRequest {
  campaignId: string;
  leadId: string;
  attemptId: string;
  attempt: number;
  destination: string;
  numberId: string;
  /** The caller ID (E.164) of numberId. */
  from: string;
  assistantId: string;
  /** The campaign's system message with the lead's variables filled in (null: the assistant's own). */
  systemMessage: string | null;
  /** Call metadata: the lead's variables, its name and number, and the campaign/lead/attempt ids. */
  metadata: Record<string, string>;
  voicemailAction: "hang_up" | "leave_message" | "retry";
}

/** Places the call of one attempt; returns the call's id. */
export type PlaceCall = (scope: OrgScope, request: CampaignCallRequest) => Promise<{ callId: string }>;

export interface DialerOptions {
  placeCall: PlaceCall;
  now?: () => Date;
  /** A claim without a call for this long is checked and released (default 120 s). */
  staleClaimSeconds?: number;
}

export type DialStep =
  | { kind: "dialled"; leadId: string; attemptId: string; callId: string | null; error?: string }
  | { kind: "skipped"; leadId: string; reason: string }
  | { kind: "wait"; ms: number; reason: "pacing" | "concurrency" | "calls_in_progress" }
  | { kind: "idle"; until: Date | null; reason: "outside_window" | "retries_later" }
  | { kind: "stopped"; status: string; reason?: string | null }
  | { kind: "completed" };

const clock = (options: DialerOptions) => (options.now ?? (() => new Date()))();

/** The campaign's leads with a call that ended get their outcome; returns how many. */
export async function recordEndedAttempts(scope: OrgScope, campaignId: string, options: DialerOptions): Promise<number> {
  const calling = await db.campaignLead.findMany({
    where: { campaignId, ...orgWhere(scope), status: "calling", callId: { not: null } },
    include: { call: { select: { status: true, endReason: true, startedAt: true } } },
  });
  let recorded = 0;
  for (const lead of calling) {
    if (!lead.call) continue;
    const outcome = outcomeOfCall(lead.call);
    if (!outcome) continue;
    if (await finishAttempt(scope, lead, outcome, options)) recorded++;
  }
  return recorded;
}

/** Applies an attempt's outcome to its lead, once (the lead must still be calling). */
export async function finishAttempt(scope: OrgScope, lead: LeadRow, outcome: AttemptOutcome, options: DialerOptions): Promise<boolean> {
  const now = clock(options);
  return db.$transaction(async (tx) => {
    const campaign = await tx.campaign.findFirst({ where: { id: lead.campaignId, ...orgWhere(scope) } });
    if (!campaign) return false;
    const next = leadAfterAttempt(outcome, {
      attempts: lead.attempts,
      maxAttempts: campaign.maxAttempts,
      retryDelays: retryDelaysOf(campaign),
      voicemailAction: campaign.voicemailAction as CampaignCallRequest["voicemailAction"],
      now,
    });
    // A cancelled campaign dials nobody again.
    const status = next.status === "pending" && campaign.status === "cancelled" ? "skipped" : next.status;
    const updated = await tx.campaignLead.updateMany({
      where: { id: lead.id, ...orgWhere(scope), status: "calling", attempts: lead.attempts },
      data: { status, outcome, nextAttemptAt: status === "pending" ? next.nextAttemptAt : null, claimedAt: null },
    });
    if (updated.count === 0) return false;
    await tx.campaignAttempt.updateMany({ where: { leadId: lead.id, attempt: lead.attempts, ...orgWhere(scope) }, data: { outcome, endedAt: now } });
    await applySafetyRails(tx, scope, campaign, now);
    return true;
  });
}

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/** The failure-rate rail: pause, with the reason, when too many recent attempts failed. */
async function applySafetyRails(tx: Tx, scope: OrgScope, campaign: CampaignRow, now: Date) {
  if (campaign.status !== "scheduled" || campaign.autoPauseFailureRate === null) return;
  const recent = await tx.campaignAttempt.findMany({
    where: { campaignId: campaign.id, ...orgWhere(scope), endedAt: { not: null } },
    orderBy: [{ endedAt: "desc" }, { id: "asc" }],
    take: campaign.autoPauseWindow,
    select: { outcome: true },
  });
  if (isFailureRateTripped(recent.map((a) => a.outcome), campaign.autoPauseFailureRate, campaign.autoPauseWindow)) {
    await tx.campaign.updateMany({ where: { id: campaign.id, ...orgWhere(scope), status: "scheduled" }, data: { status: "paused", pausedReason: "failure_rate", updatedAt: now } });
  }
}

/**
 * Claims older than the stale timeout whose call id was never stored (the process died
 * between claim and call): a call carrying the attempt id is attached and followed; with no
 * such call the claim is released and the attempt does not count.
 */
export async function releaseStaleClaims(scope: OrgScope, campaignId: string, options: DialerOptions): Promise<number> {
  const cutoff = new Date(clock(options).getTime() - (options.staleClaimSeconds ?? 120) * 1000);
  const stale = await db.campaignLead.findMany({ where: { campaignId, ...orgWhere(scope), status: "calling", callId: null, claimedAt: { lt: cutoff } } });
  let released = 0;
  for (const lead of stale) {
    const attempt = await db.campaignAttempt.findFirst({ where: { leadId: lead.id, attempt: lead.attempts, ...orgWhere(scope) } });
    const calls = attempt
      ? await db.call.findMany({ where: { ...orgWhere(scope), metadata: { path: ["campaign_attempt_id"], equals: attempt.id } }, select: { id: true }, take: 1 })
      : [];
    if (calls[0]) {
      await db.$transaction([
        db.campaignLead.updateMany({ where: { id: lead.id, ...orgWhere(scope), status: "calling", callId: null }, data: { callId: calls[0].id } }),
        db.campaignAttempt.updateMany({ where: { id: attempt!.id, ...orgWhere(scope) }, data: { callId: calls[0].id } }),
      ]);
      continue;
    }
    const done = await db.$transaction(async (tx) => {
      const updated = await tx.campaignLead.updateMany({
        where: { id: lead.id, ...orgWhere(scope), status: "calling", callId: null, attempts: lead.attempts },
        data: { status: "pending", attempts: { decrement: 1 }, claimedAt: null },
      });
      if (updated.count === 1 && attempt) await tx.campaignAttempt.deleteMany({ where: { id: attempt.id, ...orgWhere(scope) } });
      return updated.count;
    });
    released += done;
  }
  return released;
}

/** What a dial needs of the claimed lead. */
interface ClaimedLead {
  id: string;
  phoneNumber: string;
  name: string | null;
  variables: unknown;
  attempts: number;
}

interface Claimed {
  lead: ClaimedLead;
  attemptId: string;
  campaign: CampaignRow;
  /** The caller ID (E.164) of the campaign's number. */
  from: string | null;
}

type ClaimedRow = { id: string; phone_number: string; name: string | null; variables: unknown; attempts: number; dnc: boolean };

type ClaimResult = { claimed: Claimed } | { step: DialStep };

// The claimed lead, and whether its number is on the organisation's do-not-call list now.
const claimedColumns = Prisma.sql`RETURNING id, phone_number, name, variables, attempts,
  EXISTS (SELECT 1 FROM do_not_call_numbers d WHERE d.organization_id = campaign_leads.organization_id AND d.phone_number = campaign_leads.phone_number) AS dnc`;

/**
 * One dial decision under the campaign's lock; claims a lead when one may be dialled now.
 * A dial that goes ahead is six statements: the lock, the campaign, its state (calls in
 * progress, assistant active, caller ID), the claim (with the do-not-call check), the attempt
 * with the campaign's last dial, and the commit. The state is read after the lock, so its
 * count of calls in progress includes what a process that held the lock before committed.
 */
async function claimNext(scope: OrgScope, campaignId: string, now: Date): Promise<ClaimResult> {
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM campaigns WHERE id = ${campaignId}::uuid AND organization_id = ${scope.organizationId}::uuid FOR UPDATE`;
    if (locked.length === 0) return { step: { kind: "stopped", status: "deleted" } };
    const campaign = (await tx.campaign.findFirst({ where: { id: campaignId, ...orgWhere(scope) } }))!;
    if (campaign.status !== "scheduled") return { step: { kind: "stopped", status: campaign.status, reason: campaign.pausedReason } };

    const [state] = await tx.$queryRaw<{ calling: number; assistant_active: boolean; from_number: string | null }[]>`
      SELECT (SELECT count(*)::int FROM campaign_leads l WHERE l.campaign_id = c.id AND l.organization_id = c.organization_id AND l.status = 'calling') AS calling,
        EXISTS (SELECT 1 FROM assistants a WHERE a.id = c.assistant_id AND a.organization_id = c.organization_id AND a.is_active) AS assistant_active,
        (SELECT p.phone_number FROM phone_numbers p WHERE p.id = c.number_id AND p.organization_id = c.organization_id) AS from_number
      FROM campaigns c WHERE c.id = ${campaignId}::uuid AND c.organization_id = ${scope.organizationId}::uuid`;
    const calling = state!.calling;
    const window = windowOf(campaign);

    // Test first: after the first K leads were dialled and their calls ended, pause for review.
    if (campaign.testFirstLeads && !campaign.testFirstDoneAt) {
      const dialled = await tx.campaignAttempt.count({ where: { campaignId, ...orgWhere(scope) } });
      if (dialled >= campaign.testFirstLeads) {
        if (calling > 0) return { step: { kind: "wait", ms: 1000, reason: "calls_in_progress" } };
        await tx.campaign.updateMany({ where: { id: campaignId, ...orgWhere(scope) }, data: { status: "paused", pausedReason: "test_first", testFirstDoneAt: now } });
        return { step: { kind: "stopped", status: "paused", reason: "test_first" } };
      }
    }

    const missing = !campaign.assistantId ? "assistant_missing" : !campaign.numberId ? "number_missing" : null;
    if (missing) {
      await tx.campaign.updateMany({ where: { id: campaignId, ...orgWhere(scope) }, data: { status: "paused", pausedReason: missing } });
      return { step: { kind: "stopped", status: "paused", reason: missing } };
    }
    if (!state!.assistant_active) {
      await tx.campaign.updateMany({ where: { id: campaignId, ...orgWhere(scope) }, data: { status: "paused", pausedReason: "assistant_inactive" } });
      return { step: { kind: "stopped", status: "paused", reason: "assistant_inactive" } };
    }

    // Which zones are inside their window now: the campaign's, or each lead's.
    const campaignOpen = isInsideWindow(window, now);
    let openZones: string[] = [];
    if (campaign.respectLeadTimezone) {
      const zones = await tx.$queryRaw<{ zone: string }[]>`SELECT DISTINCT zone FROM campaign_leads WHERE campaign_id = ${campaignId}::uuid AND organization_id = ${scope.organizationId}::uuid AND status = 'pending' AND zone IS NOT NULL`;
      openZones = zones.map((z) => z.zone).filter((zone) => isInsideWindow(window, now, zone));
    }
    const useCampaignZone = campaignOpen;
    if (!useCampaignZone && openZones.length === 0) {
      if (calling > 0) return { step: { kind: "wait", ms: 1000, reason: "calls_in_progress" } };
      return { step: await idleOrComplete(tx, scope, campaign, now) };
    }
    if (calling >= campaign.maxConcurrentCalls) return { step: { kind: "wait", ms: 500, reason: "concurrency" } };
    const pace = paceWait(campaign.lastDialAt, campaign.callsPerSecond, now);
    if (pace > 0) return { step: { kind: "wait", ms: pace, reason: "pacing" } };

    // Leads in an open zone: all of them (campaign zone), or those whose own zone is open;
    // leads without a zone of their own follow the campaign's.
    const zoneFilter = campaign.respectLeadTimezone
      ? useCampaignZone
        ? await tx.$queryRaw<ClaimedRow[]>`
            UPDATE campaign_leads SET status = 'calling', claimed_at = ${now}, attempts = attempts + 1, last_attempt_at = ${now}, call_id = NULL, updated_at = ${now}
            WHERE id = (SELECT id FROM campaign_leads WHERE campaign_id = ${campaignId}::uuid AND organization_id = ${scope.organizationId}::uuid AND status = 'pending'
              AND (next_attempt_at IS NULL OR next_attempt_at <= ${now}) AND (zone IS NULL OR zone = ANY(${openZones}::text[]))
              ORDER BY next_attempt_at ASC NULLS FIRST, created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
            ${claimedColumns}`
        : await tx.$queryRaw<ClaimedRow[]>`
            UPDATE campaign_leads SET status = 'calling', claimed_at = ${now}, attempts = attempts + 1, last_attempt_at = ${now}, call_id = NULL, updated_at = ${now}
            WHERE id = (SELECT id FROM campaign_leads WHERE campaign_id = ${campaignId}::uuid AND organization_id = ${scope.organizationId}::uuid AND status = 'pending'
              AND (next_attempt_at IS NULL OR next_attempt_at <= ${now}) AND zone = ANY(${openZones}::text[])
              ORDER BY next_attempt_at ASC NULLS FIRST, created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
            ${claimedColumns}`
      : await tx.$queryRaw<ClaimedRow[]>`
          UPDATE campaign_leads SET status = 'calling', claimed_at = ${now}, attempts = attempts + 1, last_attempt_at = ${now}, call_id = NULL, updated_at = ${now}
          WHERE id = (SELECT id FROM campaign_leads WHERE campaign_id = ${campaignId}::uuid AND organization_id = ${scope.organizationId}::uuid AND status = 'pending'
            AND (next_attempt_at IS NULL OR next_attempt_at <= ${now})
            ORDER BY next_attempt_at ASC NULLS FIRST, created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
          ${claimedColumns}`;
    const claimed = zoneFilter[0];
    if (!claimed) {
      if (calling > 0) return { step: { kind: "wait", ms: 1000, reason: "calls_in_progress" } };
      return { step: await idleOrComplete(tx, scope, campaign, now) };
    }
    const lead: ClaimedLead = { id: claimed.id, phoneNumber: claimed.phone_number, name: claimed.name, variables: claimed.variables, attempts: claimed.attempts };

    // Re-checked before each dial (in the claim): the number may have been put on the list since it was added.
    if (claimed.dnc) {
      await tx.campaignLead.updateMany({ where: { id: lead.id, ...orgWhere(scope) }, data: { status: "skipped", outcome: "dnc", attempts: { decrement: 1 }, claimedAt: null } });
      return { step: { kind: "skipped", leadId: lead.id, reason: "dnc" } };
    }
    const [attempt] = await tx.$queryRaw<{ id: string }[]>`
      WITH dialled AS (UPDATE campaigns SET last_dial_at = ${now} WHERE id = ${campaignId}::uuid AND organization_id = ${scope.organizationId}::uuid)
      INSERT INTO campaign_attempts (id, organization_id, campaign_id, lead_id, attempt, started_at)
      VALUES (gen_random_uuid(), ${scope.organizationId}::uuid, ${campaignId}::uuid, ${lead.id}::uuid, ${lead.attempts}, ${now})
      RETURNING id`;
    return { claimed: { lead, attemptId: attempt!.id, campaign, from: state!.from_number } };
  });
}

/** Nothing to dial now: wait for the next window or retry, or complete when nothing is left. */
async function idleOrComplete(tx: Tx, scope: OrgScope, campaign: CampaignRow, now: Date): Promise<DialStep> {
  const window = windowOf(campaign);
  const waiting = await tx.campaignLead.findFirst({
    where: { campaignId: campaign.id, ...orgWhere(scope), status: { in: ["pending", "calling"] } },
    orderBy: [{ nextAttemptAt: { sort: "asc", nulls: "first" } }],
    select: { nextAttemptAt: true },
  });
  if (!waiting || !hasWindowLeft(window, now)) {
    // Leads the window can no longer reach are left uncalled, marked as such.
    await tx.campaignLead.updateMany({ where: { campaignId: campaign.id, ...orgWhere(scope), status: "pending" }, data: { status: "skipped", outcome: "window_ended", nextAttemptAt: null } });
    await tx.campaign.updateMany({ where: { id: campaign.id, ...orgWhere(scope), status: "scheduled" }, data: { status: "completed", completedAt: now } });
    return { kind: "completed" };
  }
  const retryAt = waiting.nextAttemptAt && waiting.nextAttemptAt > now ? waiting.nextAttemptAt : null;
  if (retryAt && isInsideWindow(window, now)) return { kind: "idle", until: retryAt, reason: "retries_later" };
  const opening = nextWindowOpening(window, retryAt ?? now);
  return { kind: "idle", until: opening, reason: "outside_window" };
}

/** Decides and, when it may, makes one dial of the campaign. */
export async function dialNext(scope: OrgScope, campaignId: string, options: DialerOptions): Promise<DialStep> {
  const now = clock(options);
  const result = await claimNext(scope, campaignId, now);
  if ("step" in result) return result.step;
  const { lead, attemptId, campaign, from } = result.claimed;
  const variables = (lead.variables ?? {}) as Record<string, string>;
  const values = { ...variables, name: lead.name ?? "", phone_number: lead.phoneNumber };
  const request: CampaignCallRequest = {
    campaignId,
    leadId: lead.id,
    attemptId,
    attempt: lead.attempts,
    destination: lead.phoneNumber,
    numberId: campaign.numberId!,
    from: from ?? "",
    assistantId: campaign.assistantId!,
    systemMessage: campaign.systemMessageTemplate ? renderTemplate(campaign.systemMessageTemplate, values) : null,
    metadata: { ...values, campaign_id: campaignId, campaign_lead_id: lead.id, campaign_attempt_id: attemptId },
    voicemailAction: campaign.voicemailAction as CampaignCallRequest["voicemailAction"],
  };
  try {
    const { callId } = await options.placeCall(scope, request);
    // One statement: the lead (still on this attempt) and the attempt get the call together.
    await db.$executeRaw`
      WITH lead AS (UPDATE campaign_leads SET call_id = ${callId}::uuid WHERE id = ${lead.id}::uuid AND organization_id = ${scope.organizationId}::uuid AND status = 'calling' AND attempts = ${lead.attempts})
      UPDATE campaign_attempts SET call_id = ${callId}::uuid WHERE id = ${attemptId}::uuid AND organization_id = ${scope.organizationId}::uuid`;
    return { kind: "dialled", leadId: lead.id, attemptId, callId };
  } catch (error) {
    // The call could not be placed (refused, no credit, media down): the attempt failed.
    const message = isAppError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
    const current = await db.campaignLead.findFirst({ where: { id: lead.id, ...orgWhere(scope) } });
    if (current) await finishAttempt(scope, current, "failed", options);
    return { kind: "dialled", leadId: lead.id, attemptId, callId: null, error: message };
  }
}

/**
 * Dials the campaign until `budgetMs` is spent or nothing is due before it ends; returns when
 * it should run next (null: only when something changes it).
 */
export async function runDialer(
  scope: OrgScope,
  campaignId: string,
  options: DialerOptions & { budgetMs: number; sleep?: (ms: number) => Promise<void>; signal?: AbortSignal },
): Promise<{ steps: DialStep[]; nextRunAt: Date | null }> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const started = clock(options).getTime();
  const steps: DialStep[] = [];
  for (;;) {
    if (options.signal?.aborted) return { steps, nextRunAt: new Date() };
    await recordEndedAttempts(scope, campaignId, options);
    await releaseStaleClaims(scope, campaignId, options);
    const step = await dialNext(scope, campaignId, options);
    steps.push(step);
    const now = clock(options).getTime();
    const left = started + options.budgetMs - now;
    if (step.kind === "stopped") {
      // Calls in progress still get their outcomes: come back while there are any.
      const calling = await db.campaignLead.count({ where: { campaignId, ...orgWhere(scope), status: "calling" } });
      return { steps, nextRunAt: calling > 0 ? new Date(now + 5000) : null };
    }
    if (step.kind === "completed") return { steps, nextRunAt: null };
    if (step.kind === "idle") {
      if (step.until && step.until.getTime() - now < left) {
        await sleep(step.until.getTime() - now);
        continue;
      }
      return { steps, nextRunAt: step.until };
    }
    if (step.kind === "wait") {
      if (step.ms >= left) return { steps, nextRunAt: new Date(now + step.ms) };
      await sleep(step.ms);
      continue;
    }
    if (left <= 0) return { steps, nextRunAt: new Date(now) };
  }
}
