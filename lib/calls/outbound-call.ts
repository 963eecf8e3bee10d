import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { startCall, type AssistantChoice } from "@/lib/calls/start-call";
import { normaliseE164 } from "@/lib/schemas/phone";
import { RING_TIMEOUT_MAX_SECONDS, RING_TIMEOUT_MIN_SECONDS } from "@/lib/contract/wire";
import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";

// An outbound phone call: pick the caller-ID number (given, or the organisation's first
// active number whose SIP trunk can dial out), freeze the assistant, and bring up the room
// with the agent dispatched; the agent dials the destination once it is in the room
// (agent-worker/call/outbound.ts). Everything that can be refused is refused before anything
// is dialled. The API route and the campaign dialer both start calls here.

export interface OutboundCallInput extends AssistantChoice {
  /** The number to call; normalised to E.164 (refused when it cannot exist). */
  destination: string;
  /** The caller-ID number (one of the organisation's); null picks one. */
  numberId?: string | null;
  /** The greeting of this call, replacing the assistant's first message. */
  firstMessage?: string | null;
  /** How long the phone may ring; default OUTBOUND_RING_TIMEOUT_SECONDS. */
  ringTimeoutSeconds?: number | null;
}

export interface StartedOutboundCall {
  callId: string;
  status: "dialing";
  /** The destination as dialled (E.164) and the caller ID presented. */
  to: string;
  from: string;
  numberId: string;
}

const dialable = { isActive: true, transferTrunk: { is: { isActive: true, livekitOutboundTrunkId: { not: null } } } } as const;

/** The caller-ID number: the given one (which must be active and able to dial out), else the first that can. */
async function callerIdNumber(scope: OrgScope, numberId: string | null | undefined) {
  if (numberId) {
    const number = await db.phoneNumber.findFirst({ where: { id: numberId, ...orgWhere(scope) }, include: { transferTrunk: true } });
    if (!number) throw new AppError("not_found", "Phone number not found", "number_id");
    if (!number.isActive) throw new AppError("validation_error", `${number.phoneNumber} is not active`, "number_id");
    const trunk = number.transferTrunk;
    if (!trunk || !trunk.isActive || !trunk.livekitOutboundTrunkId) {
      throw new AppError("no_outbound_trunk", `${number.phoneNumber} has no active SIP trunk with an outbound address to call from`, "number_id");
    }
    return number;
  }
  const number = await db.phoneNumber.findFirst({ where: { ...orgWhere(scope), ...dialable }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  if (!number) {
    throw new AppError("no_outbound_trunk", "The organisation has no active phone number with a SIP trunk that can dial out; register one (with an outbound address on its trunk) or give number_id", "number_id");
  }
  return number;
}

function ringTimeoutOf(requested: number | null | undefined): number {
  if (requested === null || requested === undefined) return env().OUTBOUND_RING_TIMEOUT_SECONDS;
  if (!Number.isInteger(requested) || requested < RING_TIMEOUT_MIN_SECONDS || requested > RING_TIMEOUT_MAX_SECONDS) {
    throw new AppError("validation_error", `ring_timeout_seconds: must be a whole number from ${RING_TIMEOUT_MIN_SECONDS} to ${RING_TIMEOUT_MAX_SECONDS}`, "ring_timeout_seconds");
  }
  return requested;
}

/** first_message is a convenience override: of the saved assistant, or part of the transient one. */
function withFirstMessage(choice: AssistantChoice, firstMessage: string | null | undefined): AssistantChoice {
  if (firstMessage === null || firstMessage === undefined) return choice;
  if (!choice.assistantId) return { ...choice, assistant: { ...(choice.assistant ?? {}), first_message: firstMessage } };
  return { ...choice, assistantOverride: { ...(choice.assistantOverride ?? {}), first_message: firstMessage } };
}

export async function startOutboundCall(scope: OrgScope, input: OutboundCallInput): Promise<StartedOutboundCall> {
  const to = normaliseE164(input.destination);
  if (!to || !input.destination.trim().startsWith("+")) {
    throw new AppError("validation_error", `destination: ${input.destination} is not a valid phone number in E.164 format (e.g. +31612345678)`, "destination");
  }
  const ringTimeoutSeconds = ringTimeoutOf(input.ringTimeoutSeconds);
  const number = await callerIdNumber(scope, input.numberId);
  const choice = withFirstMessage({ assistantId: input.assistantId, assistant: input.assistant, assistantOverride: input.assistantOverride, metadata: input.metadata }, input.firstMessage);
  const started = await startCall(scope, { ...choice, channel: "sip_outbound", to, from: number.phoneNumber, numberId: number.id, ringTimeoutSeconds });
  return { callId: started.callId, status: "dialing", to, from: number.phoneNumber, numberId: number.id };
}
