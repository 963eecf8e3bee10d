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
import { CHANNELS, type ChannelAccess, type ChannelDefinition, type ChannelInputOf, type ChannelPlan } from "@/lib/calls/call-channels";
import { enqueueJoinTimeout } from "@/lib/calls/join-timeout";
import type { CallChannel } from "@/lib/contract/channels";
import { END_REASON } from "@/lib/contract/end-reasons";
import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";

// One way to start a call, whatever the channel: freeze the assistant on a new Call row,
// bring up the channel's media (room, agent dispatch, the caller's way in), and give the
// agent until the join timeout to report in. What differs per channel is in call-channels.ts.

export interface AssistantChoice {
  /** The saved assistant, or null with a transient `assistant`. */
  assistantId: string | null;
  /** A transient assistant (create fields), validated like a created one. */
  assistant?: Record<string, unknown> | null;
  /** Shallow override of the saved assistant (HMS assistant_override). */
  assistantOverride?: Record<string, unknown> | null;
  metadata?: Record<string, unknown>;
}

export type StartCallOptions<C extends CallChannel = CallChannel> = AssistantChoice & ChannelInputOf<C>;

export type StartedCall<C extends CallChannel = CallChannel> = { callId: string; room: string; channel: C } & ChannelAccess[C];

// The assistant the call runs with, frozen on the call (see lib/calls/call-snapshot.ts).
async function snapshotForCall(scope: OrgScope, options: AssistantChoice): Promise<CallSnapshot> {
  if (!options.assistantId) return buildTransientSnapshot(scope, options.assistant ?? {}, "assistant");
  const row = await getAssistantRowForCall(scope, options.assistantId);
  if (!row) throw notFound("Assistant");
  if (!row.isActive) throw new AppError("assistant_inactive", "This assistant is not active", "assistant_id");
  const snapshot = buildAssistantSnapshot(row);
  if (!options.assistantOverride) return snapshot;
  const override = parseAssistantOverride(options.assistantOverride, "assistant_override");
  return applyOverrideToSnapshot(scope, snapshot, override, "assistant_override");
}

export async function startCall<C extends CallChannel>(scope: OrgScope, options: StartCallOptions<C>): Promise<StartedCall<C>> {
  const channel: ChannelDefinition<C> = CHANNELS[options.channel];
  const connect = channel.connect;
  if (!connect) throw new AppError("not_implemented", `${options.channel} calls are not supported yet`, "channel");

  const snapshot = await snapshotForCall(scope, options);
  if (snapshot.is_active === false) throw new AppError("assistant_inactive", "This assistant is not active", options.assistantId ? "assistant_override.is_active" : "assistant.is_active");

  const callId = randomUUID();
  const plan = channel.plan(callId, options);
  await insertCall(scope, callId, plan, snapshot, options);

  let access: ChannelAccess[C];
  try {
    access = await connect(callId, plan, { emptyTimeoutSeconds: env().AGENT_JOIN_TIMEOUT_SECONDS + 30 });
  } catch (error) {
    console.error(`LiveKit unavailable while starting a ${options.channel} call`, error instanceof Error ? error.message : error);
    await db.call.update({
      where: { id: callId, ...orgWhere(scope) },
      data: { status: "failed", endReason: END_REASON.media_server_unavailable, error: "The media server is unavailable", endedAt: new Date() },
    });
    throw new AppError("service_unavailable", "The media server is unavailable; try again shortly");
  }

  return { callId, room: plan.roomName, channel: options.channel, ...access } as StartedCall<C>;
}

// The join timeout is queued with the row, so every call gets one, whichever process dies.
async function insertCall(scope: OrgScope, callId: string, plan: ChannelPlan, snapshot: CallSnapshot, options: AssistantChoice) {
  await db.$transaction(async (tx) => {
    await tx.call.create({
      data: {
        id: callId,
        organizationId: scope.organizationId,
        assistantId: options.assistantId ? (snapshot.id as string) : null,
        type: plan.type,
        roomName: plan.roomName,
        callerPhone: plan.callerPhone,
        assistantPhone: plan.assistantPhone,
        numberId: plan.numberId,
        status: plan.initialStatus,
        ringTimeoutSeconds: plan.ringTimeoutSeconds,
        // Template tools are resolved into llm_config.tools here, so the worker sees one list.
        assistantSnapshot: snapshot as Prisma.InputJsonValue,
        metadata: (options.metadata ?? {}) as Prisma.InputJsonValue,
      },
    });
    // An outbound call's agent reports in once the phone rings, so it also has the ring time.
    await enqueueJoinTimeout(scope, callId, tx, plan.ringTimeoutSeconds ?? 0);
  });
}
