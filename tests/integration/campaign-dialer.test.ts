import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "./support";

// The dialer's steps against a real PostgreSQL, with a controllable clock and the real way a
// campaign places its calls (lib/campaigns/place-call.ts → startOutboundCall). The trunk here
// is not mirrored into LiveKit, so every placement is refused (no_outbound_trunk) before
// anything is dialled: the failed-attempt path. Calls that are live or ended are Call rows in
// the states the call pipeline leaves them in.
let db: typeof import("@/lib/db").db;
let dialer: typeof import("@/lib/campaigns/dialer");
let placeCampaignCall: typeof import("@/lib/campaigns/place-call").placeCampaignCall;
let scope: { organizationId: string };
let assistantId: string;
let numberId: string;

// Tuesday 2026-12-01 10:00 in Amsterdam: inside a 09:00–17:00 weekday window.
const OPEN = new Date("2026-12-01T09:00:00Z");

beforeAll(async () => {
  await useFreshDatabase();
  db = (await import("@/lib/db")).db;
  dialer = await import("@/lib/campaigns/dialer");
  placeCampaignCall = (await import("@/lib/campaigns/place-call")).placeCampaignCall;
  const { createOrgWithKey } = await import("./factories");
  const org = await createOrgWithKey("dialer");
  scope = { organizationId: org.organization.id };
  assistantId = (await db.assistant.create({ data: { ...scope, name: "Caller", sttConfig: {}, llmConfig: {}, ttsConfig: {} } })).id;
  const trunk = await db.sipTrunk.create({ data: { ...scope, name: "Carrier", outboundAddress: "sip.example.com" } });
  numberId = (await db.phoneNumber.create({ data: { ...scope, phoneNumber: "+31205550000", transferTrunkId: trunk.id } })).id;
});
afterAll(async () => {
  const { closeJobQueue } = await import("@/lib/jobs/boss");
  await closeJobQueue();
});

async function newCampaign(data: Record<string, unknown> = {}, leadCount = 3) {
  const campaign = await db.campaign.create({
    data: { ...scope, name: `c-${randomUUID().slice(0, 6)}`, assistantId, numberId, status: "scheduled", retryDelayMinutes: { no_answer: 60, busy: 15, failed: 30, voicemail: 120 }, ...data },
  });
  await db.campaignLead.createMany({
    data: Array.from({ length: leadCount }, (_, i) => ({ ...scope, campaignId: campaign.id, phoneNumber: `+3120123${String(i).padStart(4, "0")}`, zone: "Europe/Brussels" })),
  });
  return campaign;
}

const leadsOf = (campaignId: string) => db.campaignLead.findMany({ where: { campaignId }, orderBy: { phoneNumber: "asc" } });

/** A call as the call pipeline leaves it, attached to a lead that is being called. */
async function callFor(leadId: string, call: { status: "connecting" | "in_progress" | "ended" | "failed"; endReason?: string; startedAt?: Date | null }) {
  const lead = await db.campaignLead.findUniqueOrThrow({ where: { id: leadId } });
  const row = await db.call.create({
    data: { ...scope, type: "outbound", status: call.status, roomName: `room-${randomUUID()}`, assistantSnapshot: {}, assistantId, numberId, callerPhone: lead.phoneNumber, endReason: call.endReason ?? null, startedAt: call.startedAt ?? null },
  });
  await db.campaignLead.update({ where: { id: leadId }, data: { status: "calling", callId: row.id, claimedAt: OPEN, attempts: { increment: 1 } } });
  await db.campaignAttempt.create({ data: { ...scope, campaignId: lead.campaignId, leadId, attempt: lead.attempts + 1, callId: row.id, startedAt: OPEN } });
  return row;
}

describe("dialNext", () => {
  it("does not dial outside the window and names the next opening", async () => {
    const campaign = await newCampaign();
    const saturday = new Date("2026-12-05T12:00:00Z");
    const step = await dialer.dialNext(scope, campaign.id, { placeCall: placeCampaignCall, now: () => saturday });
    expect(step).toEqual({ kind: "idle", until: new Date("2026-12-07T08:00:00Z"), reason: "outside_window" });
    expect((await leadsOf(campaign.id)).every((l) => l.attempts === 0 && l.status === "pending")).toBe(true);
  });

  it("hands the placement the lead, its variables and the caller ID, and stores the call on the lead and the attempt", async () => {
    const campaign = await newCampaign({ callsPerSecond: 10, maxConcurrentCalls: 5, autoPauseFailureRate: null, systemMessageTemplate: "Hi {{name}}, plan {{plan}}" }, 0);
    const due = await db.campaignLead.create({ data: { ...scope, campaignId: campaign.id, phoneNumber: "+31201230001", name: "Ann", variables: { plan: "gold" }, zone: "Europe/Brussels", nextAttemptAt: new Date(OPEN.getTime() - 60_000) } });
    const fresh = await db.campaignLead.create({ data: { ...scope, campaignId: campaign.id, phoneNumber: "+31201230002", name: "Bob", variables: { plan: "silver" }, zone: "Europe/Brussels" } });
    const requests: import("@/lib/campaigns/dialer").CampaignCallRequest[] = [];
    const placeCall = async (_scope: unknown, request: import("@/lib/campaigns/dialer").CampaignCallRequest) => {
      requests.push(request);
      const row = await db.call.create({ data: { ...scope, type: "outbound", status: "dialing", roomName: `room-${randomUUID()}`, assistantSnapshot: {} } });
      return { callId: row.id };
    };
    const first = await dialer.dialNext(scope, campaign.id, { placeCall, now: () => OPEN });
    // Leads never tried come before retries (next_attempt_at nulls first).
    expect(first).toMatchObject({ kind: "dialled", leadId: fresh.id });
    expect(first).not.toHaveProperty("error");
    expect(requests[0]).toEqual({
      campaignId: campaign.id, leadId: fresh.id, attemptId: (first as { attemptId: string }).attemptId, attempt: 1, destination: "+31201230002", numberId, from: "+31205550000", assistantId,
      systemMessage: "Hi Bob, plan silver", metadata: { plan: "silver", name: "Bob", phone_number: "+31201230002", campaign_id: campaign.id, campaign_lead_id: fresh.id, campaign_attempt_id: (first as { attemptId: string }).attemptId },
      voicemailAction: "hang_up",
    });
    const callId = (first as { callId: string }).callId;
    expect(await db.campaignLead.findUniqueOrThrow({ where: { id: fresh.id } })).toMatchObject({ status: "calling", attempts: 1, callId, claimedAt: OPEN });
    expect(await db.campaignAttempt.findFirstOrThrow({ where: { leadId: fresh.id } })).toMatchObject({ attempt: 1, callId, startedAt: OPEN, campaignId: campaign.id, organizationId: scope.organizationId });
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).lastDialAt).toEqual(OPEN);
    const second = await dialer.dialNext(scope, campaign.id, { placeCall, now: () => new Date(OPEN.getTime() + 100) });
    expect(second).toMatchObject({ kind: "dialled", leadId: due.id });
    expect(requests[1]).toMatchObject({ destination: "+31201230001", attempt: 1, metadata: expect.objectContaining({ plan: "gold", name: "Ann" }) });
  });

  it("counts a call that cannot be placed as a failed attempt, retries it after the delay, and paces dials", async () => {
    const campaign = await newCampaign({ callsPerSecond: 1, maxConcurrentCalls: 5, autoPauseFailureRate: null });
    const first = await dialer.dialNext(scope, campaign.id, { placeCall: placeCampaignCall, now: () => OPEN });
    expect(first).toMatchObject({ kind: "dialled", callId: null, error: expect.stringMatching(/^no_outbound_trunk: /) });
    // The same instant again: the pace (1 per second) holds the next dial back.
    expect(await dialer.dialNext(scope, campaign.id, { placeCall: placeCampaignCall, now: () => new Date(OPEN.getTime() + 400) })).toEqual({ kind: "wait", ms: 600, reason: "pacing" });
    const failedLead = (await leadsOf(campaign.id)).find((l) => l.attempts === 1)!;
    expect(failedLead).toMatchObject({ status: "pending", outcome: "failed", nextAttemptAt: new Date(OPEN.getTime() + 30 * 60_000), callId: null });
    const attempt = await db.campaignAttempt.findFirstOrThrow({ where: { leadId: failedLead.id } });
    expect(attempt).toMatchObject({ attempt: 1, outcome: "failed" });
  });

  it("holds max_concurrent_calls while calls are live, and dials again once one has ended", async () => {
    const campaign = await newCampaign({ maxConcurrentCalls: 1 });
    const [a] = await leadsOf(campaign.id);
    const live = await callFor(a!.id, { status: "in_progress", startedAt: OPEN });
    const later = new Date(OPEN.getTime() + 5000);
    expect(await dialer.dialNext(scope, campaign.id, { placeCall: placeCampaignCall, now: () => later })).toEqual({ kind: "wait", ms: 500, reason: "concurrency" });
    await db.call.update({ where: { id: live.id }, data: { status: "ended", endReason: "user_hangup", endedAt: later } });
    expect(await dialer.recordEndedAttempts(scope, campaign.id, { placeCall: placeCampaignCall, now: () => later })).toBe(1);
    const done = await db.campaignLead.findUniqueOrThrow({ where: { id: a!.id } });
    expect(done).toMatchObject({ status: "completed", outcome: "answered", callId: live.id });
    expect(await dialer.dialNext(scope, campaign.id, { placeCall: placeCampaignCall, now: () => later })).toMatchObject({ kind: "dialled" });
  });

  it("claims each lead once when many dialers race", async () => {
    const campaign = await newCampaign({ maxConcurrentCalls: 50, callsPerSecond: 10, autoPauseFailureRate: null, maxAttempts: 1 }, 12);
    let tick = OPEN.getTime();
    // Each dialer sees its own instant, 100 ms apart: pacing allows every one of them.
    const steps = await Promise.all(Array.from({ length: 12 }, () => dialer.dialNext(scope, campaign.id, { placeCall: placeCampaignCall, now: () => new Date((tick += 100)) })));
    const dialled = steps.filter((s) => s.kind === "dialled");
    const rows = await leadsOf(campaign.id);
    const attempts = await db.campaignAttempt.findMany({ where: { campaignId: campaign.id } });
    expect(rows.every((l) => l.attempts <= 1)).toBe(true);
    expect(new Set(attempts.map((a) => a.leadId)).size).toBe(attempts.length);
    expect(attempts.length).toBe(dialled.length);
    expect(dialled.length).toBeGreaterThan(0);
  });

  it("skips a number put on the do-not-call list after it was added", async () => {
    const campaign = await newCampaign({}, 1);
    const [only] = await leadsOf(campaign.id);
    await db.doNotCallNumber.create({ data: { ...scope, phoneNumber: only!.phoneNumber, source: "api" } });
    expect(await dialer.dialNext(scope, campaign.id, { placeCall: placeCampaignCall, now: () => OPEN })).toEqual({ kind: "skipped", leadId: only!.id, reason: "dnc" });
    expect(await db.campaignLead.findUniqueOrThrow({ where: { id: only!.id } })).toMatchObject({ status: "skipped", outcome: "dnc", attempts: 0 });
    await db.doNotCallNumber.deleteMany({ where: { ...scope, phoneNumber: only!.phoneNumber } });
  });

  it("pauses with failure_rate when the recent attempts fail, and completes when nothing is left", async () => {
    const campaign = await newCampaign({ maxAttempts: 1, autoPauseFailureRate: 1, autoPauseWindow: 3, callsPerSecond: 10 }, 4);
    let now = OPEN.getTime();
    const options = { placeCall: placeCampaignCall, now: () => new Date(now) };
    for (let i = 0; i < 3; i++) {
      now += 1000;
      expect(await dialer.dialNext(scope, campaign.id, options)).toMatchObject({ kind: "dialled" });
    }
    now += 1000;
    expect(await dialer.dialNext(scope, campaign.id, options)).toEqual({ kind: "stopped", status: "paused", reason: "failure_rate" });
    const paused = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    expect([paused.status, paused.pausedReason]).toEqual(["paused", "failure_rate"]);

    const { updateCampaign } = await import("@/lib/campaigns/campaigns");
    await updateCampaign(scope, campaign.id, { status: "scheduled", auto_pause_failure_rate: null });
    now += 1000;
    expect(await dialer.dialNext(scope, campaign.id, options)).toMatchObject({ kind: "dialled" });
    now += 1000;
    expect(await dialer.dialNext(scope, campaign.id, options)).toEqual({ kind: "completed" });
    const completed = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    expect(completed.status).toBe("completed");
    expect((await leadsOf(campaign.id)).map((l) => l.status)).toEqual(["failed", "failed", "failed", "failed"]);
  });

  it("pauses for review after the test-first leads, once", async () => {
    const campaign = await newCampaign({ testFirstLeads: 1, autoPauseFailureRate: null, maxAttempts: 1 }, 3);
    let now = OPEN.getTime();
    const options = { placeCall: placeCampaignCall, now: () => new Date((now += 2000)) };
    expect(await dialer.dialNext(scope, campaign.id, options)).toMatchObject({ kind: "dialled" });
    expect(await dialer.dialNext(scope, campaign.id, options)).toEqual({ kind: "stopped", status: "paused", reason: "test_first" });
    const { updateCampaign } = await import("@/lib/campaigns/campaigns");
    await updateCampaign(scope, campaign.id, { status: "scheduled" });
    expect(await dialer.dialNext(scope, campaign.id, options)).toMatchObject({ kind: "dialled" });
  });

  it("calls each lead in its own zone when asked", async () => {
    const campaign = await newCampaign({ respectLeadTimezone: true, timezone: "Europe/London" }, 0);
    await db.campaignLead.createMany({
      data: [
        { ...scope, campaignId: campaign.id, phoneNumber: "+81312345678", zone: "Asia/Tokyo" },
        { ...scope, campaignId: campaign.id, phoneNumber: "+12125550123", zone: "America/New_York" },
      ],
    });
    // 2026-12-01 14:30Z: Tokyo 23:30 (closed), New York 09:30 (open).
    const step = await dialer.dialNext(scope, campaign.id, { placeCall: placeCampaignCall, now: () => new Date("2026-12-01T14:30:00Z") });
    expect(step).toMatchObject({ kind: "dialled" });
    const dialled = await db.campaignLead.findFirstOrThrow({ where: { campaignId: campaign.id, attempts: 1 } });
    expect(dialled.phoneNumber).toBe("+12125550123");
  });
});

describe("a deleted assistant", () => {
  it("leaves the campaign without one, and the dialer pauses it", async () => {
    const other = await db.assistant.create({ data: { ...scope, name: "Temp", sttConfig: {}, llmConfig: {}, ttsConfig: {} } });
    const campaign = await newCampaign({ assistantId: other.id }, 1);
    await db.assistant.delete({ where: { id: other.id } });
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).assistantId).toBeNull();
    expect(await dialer.dialNext(scope, campaign.id, { placeCall: placeCampaignCall, now: () => OPEN })).toEqual({ kind: "stopped", status: "paused", reason: "assistant_missing" });
    const { updateCampaign } = await import("@/lib/campaigns/campaigns");
    await expect(updateCampaign(scope, campaign.id, { status: "scheduled" })).rejects.toMatchObject({ code: "validation_error", param: "assistant_id" });
  });
});

describe("stale claims", () => {
  it("releases a claim without a call, and follows one whose call exists", async () => {
    const campaign = await newCampaign({}, 2);
    const [orphan, withCall] = await leadsOf(campaign.id);
    const claimedAt = new Date(OPEN.getTime() - 10 * 60_000);
    for (const lead of [orphan!, withCall!]) {
      await db.campaignLead.update({ where: { id: lead.id }, data: { status: "calling", attempts: 1, claimedAt } });
    }
    await db.campaignAttempt.create({ data: { ...scope, campaignId: campaign.id, leadId: orphan!.id, attempt: 1, startedAt: claimedAt } });
    const attempt = await db.campaignAttempt.create({ data: { ...scope, campaignId: campaign.id, leadId: withCall!.id, attempt: 1, startedAt: claimedAt } });
    // The process died after the call was created but before its id was stored on the lead.
    const call = await db.call.create({
      data: { ...scope, type: "outbound", status: "in_progress", roomName: `room-${randomUUID()}`, assistantSnapshot: {}, metadata: { campaign_attempt_id: attempt.id }, startedAt: claimedAt },
    });
    const released = await dialer.releaseStaleClaims(scope, campaign.id, { placeCall: placeCampaignCall, now: () => OPEN });
    expect(released).toBe(1);
    expect(await db.campaignLead.findUniqueOrThrow({ where: { id: orphan!.id } })).toMatchObject({ status: "pending", attempts: 0, claimedAt: null });
    expect(await db.campaignAttempt.count({ where: { leadId: orphan!.id } })).toBe(0);
    expect(await db.campaignLead.findUniqueOrThrow({ where: { id: withCall!.id } })).toMatchObject({ status: "calling", attempts: 1, callId: call.id });
  });
});

describe("the dial job", () => {
  it("runs from the queue once the campaign is scheduled", async () => {
    process.env.JOB_RETRY_BASE_MS = "0";
    const { dialCampaignJob, kickDialer } = await import("@/lib/campaigns/dial-job");
    const { runDueJobs } = await import("@/lib/jobs/runner");
    // A window open at any time, so the job's real clock is inside it.
    const campaign = await newCampaign({ scheduleStartTime: "00:00:00", scheduleEndTime: "23:59:59", daysOfWeek: [1, 2, 3, 4, 5, 6, 7], maxAttempts: 1, autoPauseFailureRate: null, callsPerSecond: 10 }, 2);
    await kickDialer(null, scope, campaign.id);
    // A second kick while one is queued is absorbed.
    await kickDialer(null, scope, campaign.id);
    const queued = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'campaigns.dial' AND singleton_key = ${campaign.id}`;
    expect(Number(queued[0]!.n)).toBe(1);
    expect(await runDueJobs(dialCampaignJob, { limit: 20 })).toBeGreaterThanOrEqual(1);
    const rows = await leadsOf(campaign.id);
    expect(rows.map((l) => [l.status, l.attempts, l.outcome])).toEqual([["failed", 1, "failed"], ["failed", 1, "failed"]]);
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status).toBe("completed");
  });
});
