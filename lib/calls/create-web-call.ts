import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors/app-error";
import {
  applyOverrideToSnapshot,
  buildAssistantSnapshot,
  buildTransientSnapshot,
  getAssistantRowForCall,
  parseAssistantOverride,
  type CallSnapshot,
} from "@/lib/calls/call-snapshot";
import { createParticipantToken, createRoomWithAgent, publicLivekitUrl } from "@/lib/livekit/server";
import { enqueueJoinTimeout } from "@/lib/calls/join-timeout";

import type { OrgScope } from "@/lib/tenancy/scope";

export interface WebCallOptions {
  /** The saved assistant, or null with a transient `assistant`. */
  assistantId: string | null;
  /** A transient assistant (create fields), validated like a created one. */
  assistant?: Record<string, unknown> | null;
  /** Shallow override of the saved assistant (HMS assistant_override). */
  assistantOverride?: Record<string, unknown> | null;
  metadata?: Record<string, unknown>;
}

// The assistant the call runs with, frozen on the call (see lib/calls/call-snapshot.ts).
async function snapshotForWebCall(scope: OrgScope, options: WebCallOptions): Promise<CallSnapshot> {
  if (!options.assistantId) return buildTransientSnapshot(scope, options.assistant ?? {}, "assistant");
  const row = await getAssistantRowForCall(scope, options.assistantId);
  if (!row) throw notFound("Assistant");
  if (!row.isActive) throw new AppError("assistant_inactive", "This assistant is not active", "assistant_id");
  const snapshot = buildAssistantSnapshot(row);
  if (!options.assistantOverride) return snapshot;
  const override = parseAssistantOverride(options.assistantOverride, "assistant_override");
  return applyOverrideToSnapshot(scope, snapshot, override, "assistant_override");
}

// A browser call: Call row, fresh room, explicit agent dispatch, participant token.
export async function createWebCall(scope: OrgScope, options: WebCallOptions) {
  const snapshot = await snapshotForWebCall(scope, options);
  if (snapshot.is_active === false) throw new AppError("assistant_inactive", "This assistant is not active", options.assistantId ? "assistant_override.is_active" : "assistant.is_active");

  const callId = randomUUID();
  const room = `call-${callId}`;
  // The join timeout is queued with the row, so every call gets one.
  await db.$transaction(async (tx) => {
    await tx.call.create({
      data: {
        id: callId,
        organizationId: scope.organizationId,
        assistantId: options.assistantId ? (snapshot.id as string) : null,
        type: "web",
        roomName: room,
        // Template tools are resolved into llm_config.tools here, so the worker sees one list.
        assistantSnapshot: snapshot as Prisma.InputJsonValue,
        metadata: (options.metadata ?? {}) as Prisma.InputJsonValue,
      },
    });
    await enqueueJoinTimeout(callId, tx);
  });

  try {
    await createRoomWithAgent({ room, callId, emptyTimeoutSeconds: env().AGENT_JOIN_TIMEOUT_SECONDS + 30 });
  } catch (error) {
    console.error("LiveKit unavailable while creating a web call", error instanceof Error ? error.message : error);
    await db.call.update({
      where: { id: callId },
      data: { status: "failed", endReason: "media_server_unavailable", error: "The media server is unavailable", endedAt: new Date() },
    });
    throw new AppError("service_unavailable", "The media server is unavailable; try again shortly");
  }

  const token = await createParticipantToken({ room, identity: `caller-${callId.slice(0, 8)}`, name: "Caller" });
  return { call_id: callId, token, server_url: publicLivekitUrl(), room };
}
