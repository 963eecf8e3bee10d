import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors/app-error";
import { decryptSecret } from "@/lib/crypto";
import type { Call as CallRow, Prisma } from "@/lib/generated/prisma/client";
import { findCallProviderKeys, providersOfAssistant } from "@/lib/provider-keys/call-keys";
import { publicAssistantOf, resolvedRoutingOf, snapshotSecretsOf, type CallSnapshot, type ResolvedRouting } from "@/lib/calls/call-snapshot";
import { computeWebhookTarget, type WebhookTarget } from "@/lib/calls/call-webhooks";
import { isWebhookEventEnabled } from "@/lib/webhooks/envelope";
import { requestAssistant } from "@/lib/calls/assistant-request";
import { afterCallEnded } from "@/lib/calls/record-call-event";
import { deleteRoomQuietly } from "@/lib/livekit/server";
import type { CallConfigWire } from "@/lib/contract/call-config";
import type { CallType } from "@/lib/contract/channels";
import { END_REASON } from "@/lib/contract/end-reasons";
import { outboundCalleeIdentityOf } from "@/lib/contract/wire";
import { LIVE_STATUSES } from "@/lib/calls/call-status";
import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";
import { isEndedStatus } from "@/lib/calls/call-status";

// The worker's call config (GET /api/internal/calls/{id}/config). The first fetch resolves the
// call once — the assistant-request webhook (when wanted), the webhook routing, each function
// tool's server — and stores the result in the call's snapshot (_resolved), so a second fetch
// answers the same. Secrets are decrypted here and only here. What it returns is declared
// against the contract's schema (lib/contract/call-config.ts), which the worker parses.

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

export const REFUSED_END_REASON = END_REASON.assistant_request_refused;

export async function getCallConfig(scope: OrgScope, callId: string): Promise<CallConfigWire> {
  let call = await db.call.findFirst({ where: { id: callId, ...orgWhere(scope) } });
  if (!call) throw notFound("Call");
  if (call.endReason === REFUSED_END_REASON) throw new AppError("call_refused", call.error ?? "The call was refused");
  if (isEndedStatus(call.status)) throw new AppError("call_not_active", `Call is already ${call.status}`);
  if (!resolvedRoutingOf(call.assistantSnapshot)) call = await resolveCall(scope, call);
  const resolved = resolvedRoutingOf(call.assistantSnapshot);
  if (!resolved) throw new Error("call config was not resolved");
  if (resolved.refusal !== null) throw new AppError("call_refused", resolved.refusal);
  return configOf(scope, call, resolved);
}

type AssistantWire = CallConfigWire["assistant"];

async function configOf(scope: OrgScope, call: CallRow, resolved: ResolvedRouting): Promise<CallConfigWire> {
  const assistant = publicAssistantOf(call.assistantSnapshot);
  const llm = isObject(assistant.llm_config) ? assistant.llm_config : {};
  const tools = (Array.isArray(llm.tools) ? llm.tools : []).map((tool) => {
    if (!isObject(tool) || tool.type !== "function" || !isObject(tool.function)) return tool;
    const { server: _masked, ...rest } = tool;
    const server = resolved.tool_servers[String(tool.function.name)];
    return server ? { ...rest, server: { url: server.url, ...(server.secret_enc ? { secret: decryptSecret(server.secret_enc) } : {}) } } : rest;
  });
  const { webhook_secret: _secret, ...withoutSecret } = assistant;
  // The snapshot is stored JSON in the public assistant shape (lib/calls/call-snapshot.ts):
  // typed here, at the one place it leaves for the worker; tests parse the result.
  const workerAssistant = { ...withoutSecret, id: assistant.id ?? `transient-${call.id}`, llm_config: { ...llm, tools } } as AssistantWire;
  return {
    call: {
      id: call.id,
      type: call.type satisfies CallType,
      room_name: call.roomName,
      organization_id: call.organizationId,
      caller_phone: call.callerPhone,
      assistant_phone: call.assistantPhone,
      metadata: isObject(call.metadata) ? call.metadata : {},
    },
    // A transient assistant has no id of its own; the worker still gets a stable one.
    assistant: workerAssistant,
    webhook: resolved.webhook
      ? { url: resolved.webhook.url, secret: resolved.webhook.secret_enc ? decryptSecret(resolved.webhook.secret_enc) : null, events: resolved.webhook.events }
      : null,
    recording: { enabled: assistant.gdpr_mode !== true },
    provider_keys: await findCallProviderKeys(scope, providersOfAssistant(assistant)),
    dial: call.type === "outbound" ? await outboundDialOf(scope, call) : null,
  };
}

/** What the agent dials: the call's numbers, through the LiveKit outbound trunk of the caller-ID number's trunk. */
async function outboundDialOf(scope: OrgScope, call: CallRow): Promise<NonNullable<CallConfigWire["dial"]>> {
  const number = call.numberId ? await db.phoneNumber.findFirst({ where: { id: call.numberId, ...orgWhere(scope) }, include: { transferTrunk: true } }) : null;
  const trunkId = number?.transferTrunk?.isActive ? number.transferTrunk.livekitOutboundTrunkId : null;
  if (!trunkId || !call.callerPhone || !call.assistantPhone) {
    throw new AppError("call_not_active", "The call's number no longer has a SIP trunk that can dial out");
  }
  return {
    livekit_trunk_id: trunkId,
    to: call.callerPhone,
    from: call.assistantPhone,
    ring_timeout_seconds: call.ringTimeoutSeconds ?? env().OUTBOUND_RING_TIMEOUT_SECONDS,
    participant_identity: outboundCalleeIdentityOf(call.id),
  };
}

/** Tool url -> assistant webhook -> organisation webhook (the latter two only with tool-calls enabled). */
function toolServersOf(snapshot: CallSnapshot, target: WebhookTarget | null): ResolvedRouting["tool_servers"] {
  const secrets = snapshotSecretsOf(snapshot).tool_secrets_enc;
  const llm = isObject(snapshot.llm_config) ? snapshot.llm_config : {};
  const fallback = target && isWebhookEventEnabled(target.events, "tool-calls") ? { url: target.url, secret_enc: target.secretEnc } : null;
  const servers: ResolvedRouting["tool_servers"] = {};
  for (const tool of Array.isArray(llm.tools) ? llm.tools : []) {
    if (!isObject(tool) || tool.type !== "function" || !isObject(tool.function)) continue;
    const name = String(tool.function.name);
    const own = isObject(tool.server) && typeof tool.server.url === "string" ? tool.server.url : null;
    servers[name] = own ? { url: own, secret_enc: secrets[name] ?? null } : fallback;
  }
  return servers;
}

const WAIT_FOR_OTHER_MS = 250;

async function resolveCall(scope: OrgScope, call: CallRow): Promise<CallRow> {
  let snapshot = call.assistantSnapshot as CallSnapshot;
  let metadata: Json = isObject(call.metadata) ? call.metadata : {};
  let refusal: string | null = null;
  let assistantRequest: ResolvedRouting["assistant_request"] = { outcome: "not_requested", reason: null, delivery_id: null };

  const initialTarget = await computeWebhookTarget(scope, snapshot);
  if (initialTarget && isWebhookEventEnabled(initialTarget.events, "assistant-request")) {
    const outcome = await requestAssistant(scope, call, snapshot, initialTarget, env().ASSISTANT_REQUEST_TIMEOUT_MS);
    if (outcome.kind === "busy") return waitForResolution(scope, call.id);
    assistantRequest = { outcome: outcome.kind, reason: outcome.reason, delivery_id: outcome.deliveryId };
    if (outcome.kind === "refused") refusal = outcome.message;
    if (outcome.kind === "saved" || outcome.kind === "applied") {
      snapshot = outcome.snapshot;
      metadata = { ...metadata, ...outcome.metadata } as Json;
    }
    // A number without an assistant has only a placeholder: the answer must choose one.
    if (unassignedInbound(call) && outcome.kind !== "applied" && outcome.kind !== "refused") {
      refusal = `The number has no assistant and the assistant-request webhook chose none (${outcome.reason ?? "empty answer"})`;
    }
  } else if (unassignedInbound(call)) {
    refusal = "The number has no assistant and no assistant-request webhook";
  }
  // The answer may have changed the assistant's webhook: route with the final assistant.
  const target = await computeWebhookTarget(scope, snapshot);
  const resolved: ResolvedRouting = {
    at: new Date().toISOString(),
    webhook: target ? { url: target.url, secret_enc: target.secretEnc, events: target.events } : null,
    tool_servers: toolServersOf(snapshot, target),
    assistant_request: assistantRequest,
    refusal,
  };
  const assistantSnapshot = { ...snapshot, _resolved: resolved } as unknown as Prisma.InputJsonValue;
  // Only the first resolution is stored (a concurrent fetch may have won).
  const updated = await db.$executeRaw`
    UPDATE calls SET assistant_snapshot = ${JSON.stringify(assistantSnapshot)}::jsonb, metadata = ${JSON.stringify(metadata)}::jsonb,
      assistant_id = ${snapshotAssistantId(snapshot, call)}::uuid, updated_at = now()
    WHERE id = ${call.id}::uuid AND organization_id = ${scope.organizationId}::uuid AND NOT (assistant_snapshot ? '_resolved')`;
  if (updated === 1 && refusal !== null) await refuseCall(scope, call, refusal);
  return db.call.findFirstOrThrow({ where: { id: call.id, ...orgWhere(scope) } });
}

const unassignedInbound = (call: CallRow) => call.type === "inbound" && call.numberId !== null && call.assistantId === null;

// The call's assistant_id follows the assistant it runs with (null for a transient one).
function snapshotAssistantId(snapshot: CallSnapshot, call: CallRow): string | null {
  if (!("id" in snapshot)) return call.assistantId;
  return typeof snapshot.id === "string" ? snapshot.id : null;
}

async function refuseCall(scope: OrgScope, call: CallRow, message: string) {
  const result = await db.call.updateMany({
    where: { id: call.id, ...orgWhere(scope), status: { in: [...LIVE_STATUSES] } },
    data: { status: "failed", endReason: REFUSED_END_REASON, error: message, endedAt: new Date(), durationSeconds: 0 },
  });
  if (result.count === 1) {
    await afterCallEnded(scope, call.id);
    await deleteRoomQuietly(call.roomName);
  }
}

// Another config fetch of the same call is asking the receiver: wait for its result.
async function waitForResolution(scope: OrgScope, callId: string): Promise<CallRow> {
  const deadline = Date.now() + env().ASSISTANT_REQUEST_TIMEOUT_MS + 5000;
  while (Date.now() < deadline) {
    const call = await db.call.findFirstOrThrow({ where: { id: callId, ...orgWhere(scope) } });
    if (resolvedRoutingOf(call.assistantSnapshot)) return call;
    await new Promise((r) => setTimeout(r, WAIT_FOR_OTHER_MS));
  }
  throw new AppError("service_unavailable", "The call's configuration is still being resolved; try again");
}
