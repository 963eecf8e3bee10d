import "server-only";
import { Prisma, type Call as CallRow } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors/app-error";
import {
  applyOverrideToSnapshot,
  buildAssistantSnapshot,
  buildTransientSnapshot,
  getAssistantRowForCall,
  parseAssistantOverride,
  publicAssistantOf,
  type CallSnapshot,
} from "@/lib/calls/call-snapshot";
import { buildWebhookEnvelope } from "@/lib/webhooks/envelope";
import { deliverOnce } from "@/lib/webhooks/deliver";
import { envelopeCallOf, type WebhookTarget } from "@/lib/calls/call-webhooks";
import type { OrgScope } from "@/lib/tenancy/scope";

// The synchronous assistant-request (HMS §6.6): asked once, before the call's config is
// resolved, within a short budget. The answer picks the assistant the call runs with:
//   {}                                      -> the saved assistant (outcome "saved")
//   {assistant:{...}}                       -> a transient assistant ("applied")
//   {assistant_id, assistant_override}      -> a saved assistant of the org + shallow override
//   {max_duration_seconds: 600, ...}        -> top-level overrides of the saved assistant
//   {error: "..."}                          -> the call is refused ("refused")
// `metadata` merges into the call's metadata. A timeout, non-2xx, invalid JSON or an answer
// that does not validate falls back to the saved assistant ("fallback", with the reason).

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

export type AssistantRequestOutcome =
  | { kind: "saved" | "applied"; snapshot: CallSnapshot; metadata: Json; reason: string | null; deliveryId: string }
  | { kind: "fallback"; reason: string; deliveryId: string }
  | { kind: "refused"; message: string; reason: string; deliveryId: string }
  | { kind: "busy" };

const ANSWER_KEYS = new Set(["assistant", "assistant_id", "assistant_override", "metadata", "error"]);

export async function requestAssistant(scope: OrgScope, call: CallRow, snapshot: CallSnapshot, target: WebhookTarget, timeoutMs: number): Promise<AssistantRequestOutcome> {
  const envelope = buildWebhookEnvelope("assistant-request", envelopeCallOf(call), publicAssistantOf(snapshot));
  let sent: Awaited<ReturnType<typeof deliverOnce>>;
  try {
    sent = await deliverOnce(scope, {
      callId: call.id,
      event: "assistant-request",
      url: target.url,
      secretEnc: target.secretEnc,
      payload: envelope,
      idempotencyKey: `assistant-request:${call.id}`,
      timeoutMs,
    });
  } catch (error) {
    // The unique idempotency key: another fetch of this call's config is asking right now.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return { kind: "busy" };
    throw error;
  }
  const deliveryId = sent.deliveryId;
  if (!sent.ok) return { kind: "fallback", reason: sent.error ?? "no answer", deliveryId };

  let answer: unknown;
  try {
    answer = JSON.parse(sent.fullBody ?? "");
  } catch {
    return { kind: "fallback", reason: "The answer is not valid JSON", deliveryId };
  }
  if (!isObject(answer)) return { kind: "fallback", reason: "The answer is not a JSON object", deliveryId };

  if (answer.error !== undefined && answer.error !== null) {
    const message = typeof answer.error === "string" && answer.error.trim() ? answer.error.trim().slice(0, 1000) : "The call was refused";
    return { kind: "refused", message, reason: "The receiver answered with an error", deliveryId };
  }
  try {
    return await applyAnswer(scope, call, snapshot, answer, deliveryId);
  } catch (error) {
    if (error instanceof AppError) return { kind: "fallback", reason: error.message, deliveryId };
    throw error;
  }
}

async function applyAnswer(scope: OrgScope, call: CallRow, saved: CallSnapshot, answer: Json, deliveryId: string): Promise<AssistantRequestOutcome> {
  const metadata: Json = {};
  if (answer.metadata !== undefined) {
    if (!isObject(answer.metadata)) throw new AppError("validation_error", "metadata: must be an object", "metadata");
    Object.assign(metadata, answer.metadata);
  }
  let snapshot = saved;
  let changed = false;

  if (answer.assistant !== undefined && answer.assistant !== null) {
    if (!isObject(answer.assistant)) throw new AppError("validation_error", "assistant: must be an object", "assistant");
    // HMS puts the call's metadata inside the transient assistant.
    const { metadata: inner, ...assistant } = answer.assistant;
    if (isObject(inner)) Object.assign(metadata, inner);
    snapshot = await buildTransientSnapshot(scope, assistant, "assistant");
    changed = true;
  } else if (answer.assistant_id !== undefined && answer.assistant_id !== null) {
    const id = typeof answer.assistant_id === "string" && /^[0-9a-f-]{36}$/i.test(answer.assistant_id) ? answer.assistant_id : null;
    const row = id ? await getAssistantRowForCall(scope, id) : null;
    if (!row) throw new AppError("validation_error", "assistant_id: no assistant with this id in the organisation", "assistant_id");
    if (!row.isActive) throw new AppError("validation_error", "assistant_id: this assistant is not active", "assistant_id");
    snapshot = buildAssistantSnapshot(row);
    changed = true;
  }
  if (answer.assistant_override !== undefined && answer.assistant_override !== null) {
    snapshot = await applyOverrideToSnapshot(scope, snapshot, parseAssistantOverride(answer.assistant_override, "assistant_override"), "assistant_override");
    changed = true;
  }
  // Any other top-level key is an override of the chosen assistant (e.g. max_duration_seconds);
  // keys that are not assistant fields are rejected like in an override.
  const topLevel = Object.fromEntries(Object.entries(answer).filter(([key]) => !ANSWER_KEYS.has(key)));
  if (Object.keys(topLevel).length > 0) {
    snapshot = await applyOverrideToSnapshot(scope, snapshot, parseAssistantOverride(topLevel, "answer"), "answer");
    changed = true;
  }
  return { kind: changed ? "applied" : "saved", snapshot, metadata, reason: null, deliveryId };
}
