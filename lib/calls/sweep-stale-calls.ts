import "server-only";
import { ENDED_STATUSES } from "@/lib/calls/call-status";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { livekitClients } from "@/lib/livekit/server";
import { z } from "zod";
import { afterCallEnded } from "@/lib/calls/record-call-event";
import type { AppEndReason } from "@/lib/contract/end-reasons";
import { defineJob } from "@/lib/jobs/define";
import { orgWhere, systemScope } from "@/lib/tenancy/scope";

export const WORKER_LOST: AppEndReason = "worker_lost";

// A call stays `in-progress` until its worker reports the end. If the worker died, that report
// never comes: calls in progress for longer than the grace period whose LiveKit room no longer
// exists are ended here with end_reason worker_lost. When LiveKit cannot be asked, nothing is
// changed (an outage of the media server is not proof that the call is over).
export async function sweepStaleCalls(options: { graceSeconds?: number } = {}) {
  const cutoff = new Date(Date.now() - (options.graceSeconds ?? env().STALE_CALL_GRACE_SECONDS) * 1000);
  const candidates = await findStaleCallsOfAllOrganizations(cutoff);
  if (candidates.length === 0) return 0;
  let alive: Set<string>;
  try {
    const rooms = await livekitClients().rooms.listRooms(candidates.map((c) => c.roomName));
    alive = new Set(rooms.map((r) => r.name));
  } catch (error) {
    console.error("stale call sweep: LiveKit unavailable:", error instanceof Error ? error.message : error);
    return 0;
  }
  let ended = 0;
  for (const call of candidates) {
    if (alive.has(call.roomName)) continue;
    const scope = systemScope(call.organizationId, "stale call sweep");
    const endedAt = new Date();
    const durationSeconds = call.startedAt ? Math.max(0, Math.round((endedAt.getTime() - call.startedAt.getTime()) / 1000)) : 0;
    const changed = await db.$transaction(async (tx) => {
      const result = await tx.call.updateMany({
        where: { id: call.id, ...orgWhere(scope), status: { in: ["ringing", "in_progress"] } },
        data: { status: "failed", endReason: WORKER_LOST, error: "The agent stopped responding and the call's room is gone", endedAt, durationSeconds },
      });
      if (result.count === 1) await afterCallEnded(scope, call.id, tx);
      return result.count;
    });
    ended += changed;
  }
  return ended;
}

// Post-call work (the final status-update and the finalise job that ends in the
// end-of-call-report) is queued in the transaction that stores a call's end. Calls that ended
// without it — a row changed by hand or by an older release — are picked up here: ended calls
// whose analysis was never queued. Both steps are idempotent.
export async function reconcileEndedCalls(options: { graceSeconds?: number } = {}) {
  const cutoff = new Date(Date.now() - (options.graceSeconds ?? 30) * 1000);
  const missed = await findUnfinalisedCallsOfAllOrganizations(cutoff);
  for (const call of missed) await afterCallEnded(systemScope(call.organizationId, "ended call reconciliation"), call.id);
  return missed.length;
}

// The sweeps' two platform-wide selects, the only call queries across organisations: each row
// carries its organisation, and everything done to it afterwards is scoped to that.
const BATCH = 100;

/** Calls in progress since before `cutoff`, of every organisation. */
function findStaleCallsOfAllOrganizations(cutoff: Date) {
  return db.call.findMany({
    where: { status: { in: ["ringing", "in_progress"] }, OR: [{ startedAt: { lt: cutoff } }, { startedAt: null, createdAt: { lt: cutoff } }] },
    select: { id: true, organizationId: true, roomName: true, startedAt: true },
    take: BATCH,
  });
}

/** Calls that ended before `cutoff` without post-call work queued, of every organisation. */
function findUnfinalisedCallsOfAllOrganizations(cutoff: Date) {
  return db.call.findMany({
    where: { status: { in: [...ENDED_STATUSES] }, analysisStatus: null, endedAt: { lt: cutoff } },
    select: { id: true, organizationId: true },
    orderBy: { endedAt: "asc" },
    take: BATCH,
  });
}

// Both run in the jobs process, once a minute, one at a time across every process.
export const sweepStaleCallsJob = defineJob({
  name: "calls.sweep-stale",
  payload: z.object({}),
  retry: { retries: 0 },
  policy: "exclusive",
  cron: "* * * * *",
  expireInSeconds: 120,
  handler: async () => void (await sweepStaleCalls()),
});

export const reconcileEndedCallsJob = defineJob({
  name: "calls.reconcile-ended",
  payload: z.object({}),
  retry: { retries: 0 },
  policy: "exclusive",
  cron: "* * * * *",
  expireInSeconds: 120,
  handler: async () => void (await reconcileEndedCalls()),
});
