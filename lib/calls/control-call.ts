import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors/app-error";
import { consumeRateLimit, type RateLimitResult } from "@/lib/rate-limit/counter";
import { signControlMessage } from "@/lib/contract/control-message";
import { findAgentIdentities, sendRoomData } from "@/lib/livekit/server";
import { transferTrunkOfCall } from "@/lib/telephony/transfer-call";
import { CONTROL_TOPIC, type CallControl } from "@/lib/schemas/call";
import type { Prisma } from "@/lib/generated/prisma/client";

// Live call control: the command is stored (call_commands), signed with WORKER_SECRET and
// sent through the call's LiveKit room as a reliable data message to the agent; the worker
// acknowledges it with a `command` event, which this waits for briefly.

import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";
import { isEndedStatus } from "@/lib/calls/call-status";

/** HMS: at most 10 commands per minute per call. */
export const CONTROL_RATE_LIMIT = { limit: 10, windowSeconds: 60 } as const;
const ACK_POLL_MS = 100;
/** A transfer is confirmed only once the far end accepted or refused it (after the message is spoken). */
export const TRANSFER_ACK_TIMEOUT_MS = 30_000;

export type ControlCommandStatus = "sent" | "acknowledged" | "failed";
export type ControlCallResult =
  | { kind: "rate_limited"; limit: RateLimitResult }
  | { kind: "sent"; command: { id: string; type: string; status: ControlCommandStatus; error: string | null } };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function controlCall(
  scope: OrgScope,
  callId: string,
  command: CallControl,
  options: { ackTimeoutMs?: number } = {},
): Promise<ControlCallResult> {
  const call = await db.call.findFirst({ where: { id: callId, ...orgWhere(scope) } });
  if (!call) throw notFound("Call");
  // A connecting call has no agent in the room yet to carry the command out.
  if (call.status !== "in_progress") {
    const status = isEndedStatus(call.status) ? `already ${call.status}` : `still ${call.status}`;
    throw new AppError("call_not_active", `Call is ${status}; commands need an in-progress call`);
  }
  // Refused here, before anything is sent, when the call cannot be transferred at all.
  if (command.type === "transfer") await transferTrunkOfCall(scope, call);

  const limit = await consumeRateLimit(`call_control:${callId}`, CONTROL_RATE_LIMIT);
  if (!limit.allowed) return { kind: "rate_limited", limit };

  const row = await db.callCommand.create({
    data: { organizationId: scope.organizationId, callId, type: command.type, payload: command as Prisma.InputJsonValue },
  });
  const message = signControlMessage(env().WORKER_SECRET, {
    id: row.id,
    call_id: callId,
    issued_at: row.createdAt.toISOString(),
    command,
  });
  try {
    // Only the agent gets it when it can be identified; the signature guards the rest.
    const agents = await findAgentIdentities(call.roomName).catch(() => []);
    await sendRoomData({ room: call.roomName, topic: CONTROL_TOPIC, payload: JSON.stringify(message), destinationIdentities: agents });
  } catch {
    const error = "Could not deliver the command to the call's media room";
    await db.callCommand.update({ where: { id: row.id, ...orgWhere(scope) }, data: { status: "failed", error } });
    throw new AppError("service_unavailable", error);
  }

  const deadline = Date.now() + (options.ackTimeoutMs ?? (command.type === "transfer" ? TRANSFER_ACK_TIMEOUT_MS : 3000));
  let current = { status: row.status, error: row.error };
  while (current.status === "sent" && Date.now() < deadline) {
    await sleep(ACK_POLL_MS);
    current = (await db.callCommand.findFirst({ where: { id: row.id, ...orgWhere(scope) }, select: { status: true, error: true } })) ?? current;
  }
  return { kind: "sent", command: { id: row.id, type: row.type, status: current.status as ControlCommandStatus, error: current.error } };
}
