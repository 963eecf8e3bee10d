import "server-only";
import { db } from "@/lib/db";
import type { Call as CallRow, Prisma } from "@/lib/generated/prisma/client";
import { serializeCall } from "@/lib/calls/serialize";
import { voicemailDetectionSchema } from "@/lib/contract/call-events";
import { recordingUrlFor } from "@/lib/recordings/recordings";
import { publicAssistantOf, resolvedRoutingOf, snapshotSecretsOf } from "@/lib/calls/call-snapshot";
import { buildWebhookEnvelope, isWebhookEventEnabled, type EnvelopeCall, type WebhookEvent } from "@/lib/webhooks/envelope";
import { enqueueWebhook } from "@/lib/webhooks/deliver";
import { organizationWhere, orgWhere, type OrgScope } from "@/lib/tenancy/scope";

// The call's event webhooks (status-update, end-of-call-report): routed to the assistant's
// webhook_url, else the organisation's webhook, filtered by the assistant's webhook_events,
// and enqueued once per (call, event, status) — the idempotency key makes repeats no-ops.

export interface WebhookTarget {
  url: string;
  secretEnc: string | null;
  events: string[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

/** Assistant webhook -> organisation webhook, from the call's snapshot (resolved routing first). */
export async function webhookTargetOfCall(scope: OrgScope, call: Pick<CallRow, "assistantSnapshot">): Promise<WebhookTarget | null> {
  const resolved = resolvedRoutingOf(call.assistantSnapshot);
  if (resolved) return resolved.webhook ? { url: resolved.webhook.url, secretEnc: resolved.webhook.secret_enc, events: resolved.webhook.events } : null;
  return computeWebhookTarget(scope, call.assistantSnapshot);
}

export async function computeWebhookTarget(scope: OrgScope, snapshot: unknown): Promise<WebhookTarget | null> {
  const assistant = isObject(snapshot) ? snapshot : {};
  const events = Array.isArray(assistant.webhook_events) ? assistant.webhook_events.filter((e): e is string => typeof e === "string") : [];
  if (typeof assistant.webhook_url === "string" && assistant.webhook_url) {
    return { url: assistant.webhook_url, secretEnc: snapshotSecretsOf(snapshot).webhook_secret_enc, events };
  }
  const org = await db.organization.findUnique({ where: organizationWhere(scope), select: { webhookUrl: true, webhookSecretEnc: true } });
  // The assistant's event selection applies to whichever receiver its calls report to.
  return org?.webhookUrl ? { url: org.webhookUrl, secretEnc: org.webhookSecretEnc, events } : null;
}

const HMS_STATUS = { connecting: "connecting", dialing: "dialing", ringing: "ringing", in_progress: "in-progress", ended: "ended", failed: "ended-with-error" } as const;

export function envelopeCallOf(call: CallRow, status?: string): EnvelopeCall {
  return {
    id: call.id,
    type: call.type,
    status: status ?? HMS_STATUS[call.status],
    caller_phone: call.callerPhone,
    assistant_phone: call.assistantPhone,
    metadata: isObject(call.metadata) ? call.metadata : {},
  };
}

async function enqueueCallEvent(scope: OrgScope, call: CallRow, event: WebhookEvent, key: string, envelope: Json, tx?: Prisma.TransactionClient) {
  const target = await webhookTargetOfCall(scope, call);
  if (!target || !isWebhookEventEnabled(target.events, event)) return null;
  return enqueueWebhook(scope, {
    callId: call.id,
    event,
    url: target.url,
    secretEnc: target.secretEnc,
    payload: envelope,
    idempotencyKey: key,
  }, { tx });
}

export type StatusUpdate = "ringing" | "in-progress" | "ended" | "ended-with-error";

/**
 * status-update for a call that just started or ended (at most one per status), inside the
 * transaction that stored the change when given.
 */
export async function enqueueStatusUpdate(scope: OrgScope, callId: string, status: StatusUpdate, tx?: Prisma.TransactionClient) {
  const call = await (tx ?? db).call.findFirst({ where: { id: callId, ...orgWhere(scope) } });
  if (!call) return null;
  const extra: Json = status === "in-progress" || status === "ringing" ? {} : { end_reason: call.endReason, ...(status === "ended-with-error" ? { error: call.error ?? "The call ended with an error" } : {}) };
  const envelope = buildWebhookEnvelope("status-update", envelopeCallOf(call, status), publicAssistantOf(call.assistantSnapshot), extra);
  return enqueueCallEvent(scope, call, "status-update", `status-update:${status}:${call.id}`, envelope, tx);
}

/** The status-update that matches an ended call's stored state. */
export const endStatusOf = (call: Pick<CallRow, "status">): StatusUpdate => (call.status === "failed" ? "ended-with-error" : "ended");

/**
 * end-of-call-report, once per call: called by post-call processing after summary, analysis
 * and cost are stored. Does nothing for a call that has not ended.
 */
export async function enqueueEndOfCallReport(scope: OrgScope, callId: string) {
  const call = await db.call.findFirst({ where: { id: callId, ...orgWhere(scope) } });
  if (!call || (call.status !== "ended" && call.status !== "failed")) return null;
  // The signed, time-limited URL lets the receiver fetch the audio without an API key.
  const view = serializeCall(call, { recordingUrl: recordingUrlFor(call) });
  const voicemail = voicemailDetectionSchema.nullable().catch(null).parse(call.voicemail ?? null);
  const envelope = buildWebhookEnvelope("end-of-call-report", envelopeCallOf(call), publicAssistantOf(call.assistantSnapshot), {
    duration_seconds: view.duration_seconds ?? 0,
    messages: view.messages,
    summary: view.summary,
    analysis: view.analysis_result,
    recording_url: view.recording_url,
    cost: view.cost,
    end_reason: view.end_reason,
    ...(call.status === "failed" ? { error: call.error } : {}),
    started_at: view.started_at,
    ended_at: view.ended_at,
    tool_calls: view.tool_calls,
    // The answering-machine check of an outbound call, when one ran (an extension of HMS's report).
    ...(voicemail ? { voicemail } : {}),
  });
  return enqueueCallEvent(scope, call, "end-of-call-report", `end-of-call-report:${call.id}`, envelope);
}
