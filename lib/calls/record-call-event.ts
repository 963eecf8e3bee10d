import "server-only";
import { db } from "@/lib/db";
import { ApiError, notFound } from "@/lib/api/errors";
import type { CallEvent } from "@/lib/schemas/call";
import type { Prisma } from "@/lib/generated/prisma/client";
import { findProviderKeysForCall, providersOfAssistant } from "@/lib/byok/call-keys";

// Applies a worker report to a call. Terminal states are final: a repeated "ended" is a no-op.
export async function recordCallEvent(callId: string, event: CallEvent) {
  const call = await db.call.findUnique({ where: { id: callId } });
  if (!call) throw notFound("Call");

  if (event.type === "started") {
    const at = event.at ? new Date(event.at) : new Date();
    const result = await db.call.updateMany({
      where: { id: callId, status: "connecting" },
      data: { status: "in_progress", startedAt: at },
    });
    if (result.count === 0 && call.status !== "in_progress") {
      throw new ApiError("call_not_active", `Call is already ${call.status}`);
    }
    return;
  }

  if (event.type === "command") {
    await db.callCommand.updateMany({
      where: { id: event.command_id, callId, status: "sent" },
      data: { status: event.status, error: event.error ?? null, acknowledgedAt: new Date() },
    });
    return;
  }

  const endedAt = new Date(event.ended_at);
  const startedAt = call.startedAt ?? (event.started_at ? new Date(event.started_at) : null);
  const durationSeconds = startedAt ? Math.max(0, Math.round((endedAt.getTime() - startedAt.getTime()) / 1000)) : 0;
  await db.call.updateMany({
    where: { id: callId, status: { in: ["connecting", "in_progress"] } },
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
    },
  });
}

export async function getCallConfig(callId: string) {
  const call = await db.call.findUnique({ where: { id: callId } });
  if (!call) throw notFound("Call");
  if (call.status === "ended" || call.status === "failed") {
    throw new ApiError("call_not_active", `Call is already ${call.status}`);
  }
  return {
    call: { id: call.id, type: call.type, room_name: call.roomName, organization_id: call.organizationId },
    assistant: call.assistantSnapshot,
    // The organisation's own (BYOK) keys for the providers this assistant uses, decrypted.
    provider_keys: await findProviderKeysForCall(call.organizationId, providersOfAssistant(call.assistantSnapshot)),
  };
}
