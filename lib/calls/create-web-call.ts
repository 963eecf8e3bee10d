import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/api/errors";
import { getAssistantRowOrThrow } from "@/lib/assistants/assistants";
import { serializeAssistantForCall } from "@/lib/assistants/serialize";
import { createParticipantToken, createRoomWithAgent, deleteRoomQuietly, publicLivekitUrl } from "@/lib/livekit/server";
import { expireUnansweredCalls } from "@/lib/calls/calls";

type OrgScope = { organizationId: string };

// A browser call: Call row, fresh room, explicit agent dispatch, participant token.
export async function createWebCall(scope: OrgScope, options: { assistantId: string }) {
  const assistant = await getAssistantRowOrThrow(scope, options.assistantId);
  if (!assistant.isActive) throw new ApiError("assistant_inactive", "This assistant is not active", "assistant_id");

  const callId = randomUUID();
  const room = `call-${callId}`;
  await db.call.create({
    data: {
      id: callId,
      organizationId: scope.organizationId,
      assistantId: assistant.id,
      type: "web",
      roomName: room,
      // Template tools are resolved into llm_config.tools here, so the worker sees one list.
      assistantSnapshot: serializeAssistantForCall(assistant) as Prisma.InputJsonValue,
    },
  });

  try {
    await createRoomWithAgent({ room, callId, emptyTimeoutSeconds: env().AGENT_JOIN_TIMEOUT_SECONDS + 30 });
  } catch (error) {
    console.error("LiveKit unavailable while creating a web call", error instanceof Error ? error.message : error);
    await db.call.update({
      where: { id: callId },
      data: { status: "failed", endReason: "media_server_unavailable", error: "The media server is unavailable", endedAt: new Date() },
    });
    throw new ApiError("service_unavailable", "The media server is unavailable; try again shortly");
  }

  scheduleJoinTimeout(callId, room);
  const token = await createParticipantToken({ room, identity: `caller-${callId.slice(0, 8)}`, name: "Caller" });
  return { call_id: callId, token, server_url: publicLivekitUrl(), room };
}

// If no agent reported in, mark the call failed and close the room (best effort; reads
// apply the same rule lazily).
function scheduleJoinTimeout(callId: string, room: string) {
  const timer = setTimeout(async () => {
    try {
      await expireUnansweredCalls({ id: callId });
      const call = await db.call.findUnique({ where: { id: callId }, select: { status: true, endReason: true } });
      if (call?.status === "failed") await deleteRoomQuietly(room);
    } catch (error) {
      console.error("Join timeout check failed", error instanceof Error ? error.message : error);
    }
  }, (env().AGENT_JOIN_TIMEOUT_SECONDS + 1) * 1000);
  timer.unref?.();
}
