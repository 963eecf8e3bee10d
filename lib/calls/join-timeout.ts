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

export const AGENT_DID_NOT_JOIN = END_REASON.agent_did_not_join;

/**
 * Fails a call whose agent never reported in (still `connecting`), with its status-update and
 * post-call work in the same transaction, then closes its room. Returns whether it changed it;
 * a call that started or ended meanwhile is left alone, so a re-run is harmless.
 */
export async function expireUnansweredCall(callId: string): Promise<boolean> {
  const room = await db.$transaction(async (tx) => {
    const call = await tx.call.findUnique({ where: { id: callId }, select: { roomName: true } });
    const result = await tx.call.updateMany({
      where: { id: callId, status: "connecting" },
      data: { status: "failed", endReason: AGENT_DID_NOT_JOIN, error: "The agent did not join the call", endedAt: new Date() },
    });
    if (result.count === 0) return null;
    await afterCallEnded(callId, tx);
    return call?.roomName ?? null;
  });
  if (room) await deleteRoomQuietly(room);
  return room !== null;
}

/** Runs once per call, AGENT_JOIN_TIMEOUT_SECONDS after it was created. */
export const joinTimeoutJob = defineJob({
  name: "call.join-timeout",
  payload: z.object({ call_id: z.uuid() }),
  retry: { retries: 5, maxDelaySeconds: 60 },
  expireInSeconds: 60,
  handler: async ({ call_id }) => void (await expireUnansweredCall(call_id)),
});

/** Schedules the join timeout of a call that is being created (inside its transaction when given). */
export function enqueueJoinTimeout(callId: string, tx?: Prisma.TransactionClient) {
  return enqueue(joinTimeoutJob, { call_id: callId }, { tx, startAfter: env().AGENT_JOIN_TIMEOUT_SECONDS });
}
