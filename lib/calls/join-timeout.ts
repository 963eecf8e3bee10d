import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { defineJob } from "@/lib/jobs/define";
import { enqueue } from "@/lib/jobs/enqueue";
import { deleteRoomQuietly } from "@/lib/livekit/server";
import { afterCallEnded } from "@/lib/calls/record-call-event";
import { END_REASON } from "@/lib/contract/end-reasons";
import { AWAITING_AGENT_STATUSES } from "@/lib/calls/call-status";
import { orgWhere, systemScope, type OrgScope } from "@/lib/tenancy/scope";
import { findCallScope } from "@/lib/tenancy/system-scope";

export const AGENT_DID_NOT_JOIN = END_REASON.agent_did_not_join;

/**
 * Fails a call whose agent never reported in (still `connecting`, or `dialing` with no ring), with its status-update and
 * post-call work in the same transaction, then closes its room. Returns whether it changed it;
 * a call that started or ended meanwhile is left alone, so a re-run is harmless.
 */
export async function expireUnansweredCall(scope: OrgScope, callId: string): Promise<boolean> {
  const room = await db.$transaction(async (tx) => {
    const call = await tx.call.findFirst({ where: { id: callId, ...orgWhere(scope) }, select: { roomName: true } });
    const result = await tx.call.updateMany({
      where: { id: callId, ...orgWhere(scope), status: { in: [...AWAITING_AGENT_STATUSES] } },
      data: { status: "failed", endReason: AGENT_DID_NOT_JOIN, error: "The agent did not join the call", endedAt: new Date() },
    });
    if (result.count === 0) return null;
    await afterCallEnded(scope, callId, tx);
    return call?.roomName ?? null;
  });
  if (room) await deleteRoomQuietly(room);
  return room !== null;
}

const JOIN_TIMEOUT = "join timeout";

/** Runs once per call, AGENT_JOIN_TIMEOUT_SECONDS after it was created. */
export const joinTimeoutJob = defineJob({
  name: "call.join-timeout",
  // organization_id is absent from jobs queued by an older release: the call's owner is read then.
  payload: z.object({ call_id: z.uuid(), organization_id: z.uuid().optional() }),
  retry: { retries: 5, maxDelaySeconds: 60 },
  expireInSeconds: 60,
  handler: async ({ call_id, organization_id }) => {
    const scope = organization_id ? systemScope(organization_id, JOIN_TIMEOUT) : await findCallScope(call_id, JOIN_TIMEOUT);
    if (scope) await expireUnansweredCall(scope, call_id);
  },
});

/** Schedules the join timeout of a call that is being created (inside its transaction when given). */
export function enqueueJoinTimeout(scope: OrgScope, callId: string, tx?: Prisma.TransactionClient, extraSeconds = 0) {
  return enqueue(joinTimeoutJob, { call_id: callId, organization_id: scope.organizationId }, { tx, startAfter: env().AGENT_JOIN_TIMEOUT_SECONDS + extraSeconds });
}
