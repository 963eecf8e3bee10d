import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useFreshDatabase } from "./support";
import { startReceiver, type Receiver } from "./webhook-receiver";

// Background work acts with the scope of the organisation that owns the row: jobs carry
// organization_id, jobs queued without it (by an older release) still run, a job naming another
// organisation touches nothing, and the cross-organisation sweeps act per row in that row's
// organisation.
let db: typeof import("@/lib/db").db;
let enqueue: typeof import("@/lib/jobs/enqueue").enqueue;
let runDueJobs: typeof import("@/lib/jobs/runner").runDueJobs;
let deliverWebhookJob: typeof import("@/lib/webhooks/deliver").deliverWebhookJob;
let finaliseCallJob: typeof import("@/lib/calls/finalise-call").finaliseCallJob;
let reconcileEndedCalls: typeof import("@/lib/calls/sweep-stale-calls").reconcileEndedCalls;
let createOrgWithKey: typeof import("./factories").createOrgWithKey;
let orgA: Awaited<ReturnType<typeof createOrgWithKey>>;
let orgB: typeof orgA;
let receiver: Receiver;

beforeAll(async () => {
  await useFreshDatabase();
  Object.assign(process.env, { WORKER_SECRET: "system-scope-worker-secret", JOB_RETRY_BASE_MS: "0", WEBHOOK_MAX_ATTEMPTS: "3" });
  db = (await import("@/lib/db")).db;
  enqueue = (await import("@/lib/jobs/enqueue")).enqueue;
  runDueJobs = (await import("@/lib/jobs/runner")).runDueJobs;
  deliverWebhookJob = (await import("@/lib/webhooks/deliver")).deliverWebhookJob;
  finaliseCallJob = (await import("@/lib/calls/finalise-call")).finaliseCallJob;
  reconcileEndedCalls = (await import("@/lib/calls/sweep-stale-calls")).reconcileEndedCalls;
  createOrgWithKey = (await import("./factories")).createOrgWithKey;
  orgA = await createOrgWithKey("scope-a");
  orgB = await createOrgWithKey("scope-b");
  receiver = await startReceiver();
}, 120_000);

afterAll(async () => {
  await receiver?.close();
  await (await import("@/lib/jobs/boss")).closeJobQueue();
});

beforeEach(async () => {
  // Each test queues its own jobs; none of an earlier one is left to run.
  while ((await runDueJobs(deliverWebhookJob)) > 0);
  while ((await runDueJobs(finaliseCallJob)) > 0);
  receiver.requests.length = 0;
  receiver.script([], { status: 200, body: { ok: true } });
});

// A delivery row as enqueueWebhook stores it, without its job (the test queues that).
async function storedDelivery(organizationId: string) {
  return db.webhookDelivery.create({
    data: {
      organizationId,
      callId: null,
      event: "status-update",
      url: receiver.url,
      payload: { message: { type: "status-update" } },
      idempotencyKey: `system-scope:${randomUUID()}`,
      maxAttempts: 3,
      nextAttemptAt: new Date(),
    },
  });
}

// A call that ended a minute ago with nothing of its post-call work done.
async function endedCall(organizationId: string) {
  const endedAt = new Date(Date.now() - 60_000);
  return db.call.create({
    data: {
      organizationId,
      type: "web",
      status: "ended",
      roomName: `call-${randomUUID()}`,
      assistantSnapshot: {},
      startedAt: new Date(endedAt.getTime() - 30_000),
      endedAt,
      durationSeconds: 30,
    },
  });
}

describe("webhook.deliver", () => {
  it("carries the organisation, and a job queued without it still delivers once", async () => {
    const delivery = await storedDelivery(orgA.organization.id);
    await enqueue(deliverWebhookJob, { delivery_id: delivery.id });
    expect(await runDueJobs(deliverWebhookJob)).toBe(1);
    expect(receiver.requests).toHaveLength(1);
    const stored = await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id }, include: { attemptLog: true } });
    expect(stored).toMatchObject({ status: "succeeded", attempts: 1 });
    expect(stored.attemptLog).toHaveLength(1);
  });

  it("leaves another organisation's delivery alone", async () => {
    const delivery = await storedDelivery(orgA.organization.id);
    await enqueue(deliverWebhookJob, { delivery_id: delivery.id, organization_id: orgB.organization.id });
    expect(await runDueJobs(deliverWebhookJob)).toBe(1);
    expect(receiver.requests).toHaveLength(0);
    const stored = await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id }, include: { attemptLog: true } });
    expect(stored).toMatchObject({ status: "pending", attempts: 0 });
    expect(stored.attemptLog).toHaveLength(0);
  });
});

describe("call.finalise", () => {
  it("a job queued without the organisation still meters and analyses the call in its own organisation", async () => {
    const row = await endedCall(orgA.organization.id);
    await enqueue(finaliseCallJob, { call_id: row.id });
    expect(await runDueJobs(finaliseCallJob)).toBe(1);
    const done = await db.call.findUniqueOrThrow({ where: { id: row.id }, include: { usageRecords: true } });
    // No transcript: analysis is skipped; the 30 s are metered at the platform's default fee.
    expect(done).toMatchObject({ analysisStatus: "skipped", analysisError: "The call has no transcript to analyse" });
    expect(done.usageRecords.map((u) => [u.organizationId, u.kind, Number(u.quantity)])).toEqual([[orgA.organization.id, "call_minutes", 0.5]]);
  });

  it("a job naming another organisation leaves the call as it was", async () => {
    const row = await endedCall(orgA.organization.id);
    await enqueue(finaliseCallJob, { call_id: row.id, organization_id: orgB.organization.id });
    expect(await runDueJobs(finaliseCallJob)).toBe(1);
    const untouched = await db.call.findUniqueOrThrow({ where: { id: row.id }, include: { usageRecords: true } });
    expect(untouched).toMatchObject({ analysisStatus: null, cost: null });
    expect(untouched.usageRecords).toEqual([]);
    // Not left for the sweep below to pick up.
    await db.call.delete({ where: { id: row.id } });
  });
});

describe("the ended-call sweep", () => {
  it("selects across organisations and queues each call's post-call work in its own organisation", async () => {
    const [a, b] = [await endedCall(orgA.organization.id), await endedCall(orgB.organization.id)];
    expect(await reconcileEndedCalls({ graceSeconds: 0 })).toBe(2);
    expect((await db.call.findMany({ where: { id: { in: [a.id, b.id] } }, select: { analysisStatus: true } })).map((c) => c.analysisStatus)).toEqual(["pending", "pending"]);
    while ((await runDueJobs(finaliseCallJob)) > 0);
    const records = await db.usageRecord.findMany({ where: { callId: { in: [a.id, b.id] } }, select: { callId: true, organizationId: true } });
    expect(records.map((r) => [r.callId, r.organizationId]).sort()).toEqual(
      [
        [a.id, orgA.organization.id],
        [b.id, orgB.organization.id],
      ].sort(),
    );
  });
});
