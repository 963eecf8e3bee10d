import "server-only";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors/app-error";
import type { CallEvent } from "@/lib/schemas/call";
import type { Prisma } from "@/lib/generated/prisma/client";
import { endStatusOf, enqueueStatusUpdate } from "@/lib/calls/call-webhooks";
import { enqueueFinaliseCall } from "@/lib/calls/finalise-call";
import { LIVE_STATUSES, UNANSWERED_STATUSES } from "@/lib/calls/call-status";
import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";

// Applies a worker report to a call. Terminal states are final: a repeated "ended" is a no-op.
export async function recordCallEvent(scope: OrgScope, callId: string, event: CallEvent) {
  const call = await db.call.findFirst({ where: { id: callId, ...orgWhere(scope) } });
  if (!call) throw notFound("Call");

  if (event.type === "ringing") {
    // Only an outbound call still dialing rings; a late or repeated report changes nothing.
    await db.$transaction(async (tx) => {
      const result = await tx.call.updateMany({ where: { id: callId, ...orgWhere(scope), type: "outbound", status: "dialing" }, data: { status: "ringing" } });
      if (result.count === 1) await enqueueStatusUpdate(scope, callId, "ringing", tx);
    });
    return;
  }

  if (event.type === "started") {
    const at = event.at ? new Date(event.at) : new Date();
    await db.$transaction(async (tx) => {
      const result = await tx.call.updateMany({
        where: { id: callId, ...orgWhere(scope), status: { in: [...UNANSWERED_STATUSES] } },
        data: { status: "in_progress", startedAt: at },
      });
      if (result.count === 0 && call.status !== "in_progress") {
        throw new AppError("call_not_active", `Call is already ${call.status}`);
      }
      // Idempotent: a repeated "started" finds the delivery already there.
      await enqueueStatusUpdate(scope, callId, "in-progress", tx);
    });
    return;
  }

  if (event.type === "command") {
    await db.callCommand.updateMany({
      where: { id: event.command_id, callId, ...orgWhere(scope), status: "sent" },
      data: { status: event.status, error: event.error ?? null, acknowledgedAt: new Date() },
    });
    return;
  }

  const endedAt = new Date(event.ended_at);
  const startedAt = call.startedAt ?? (event.started_at ? new Date(event.started_at) : null);
  const durationSeconds = startedAt ? Math.max(0, Math.round((endedAt.getTime() - startedAt.getTime()) / 1000)) : 0;
  // The end and the work that follows it (status-update, post-call processing) commit together.
  await db.$transaction(async (tx) => {
    const result = await tx.call.updateMany({
      where: { id: callId, ...orgWhere(scope), status: { in: [...LIVE_STATUSES] } },
      data: {
        status: event.status,
        endReason: event.end_reason,
        error: event.error ?? null,
        startedAt,
        endedAt,
        durationSeconds,
        transcript: event.transcript,
        timings: event.timings,
        toolCalls: event.tool_calls as Prisma.InputJsonValue,
        failovers: event.failovers,
        ...(event.usage ? { usage: event.usage } : {}),
        ...(event.voicemail ? { voicemail: event.voicemail } : {}),
      },
    });
    if (result.count === 1) await afterCallEnded(scope, callId, tx);
  });
}

/**
 * What follows the end of a call, whoever ended it (the worker's report, the stale-call sweep):
 * the final status-update, then post-call processing (which sends the end-of-call-report).
 * Given the transaction that stored the end, both are queued in it.
 */
export async function afterCallEnded(scope: OrgScope, callId: string, tx?: Prisma.TransactionClient) {
  const call = await (tx ?? db).call.findFirst({ where: { id: callId, ...orgWhere(scope) }, select: { status: true } });
  if (!call) return;
  await enqueueStatusUpdate(scope, callId, endStatusOf(call), tx);
  await enqueueFinaliseCall(scope, callId, tx);
}
