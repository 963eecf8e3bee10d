import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { startCall } from "@/lib/calls/start-call";
import type { SipInboundCallRequest, SipInboundCallResponse } from "@/lib/contract/call-config";
import { orgWhere, systemScope } from "@/lib/tenancy/scope";

// An inbound phone call: LiveKit SIP matched the number's trunk, created the room and
// dispatched the agent with the number's id; the agent, once the caller is in the room, asks
// here for the Call. The number is looked up platform-wide (a number belongs to exactly one
// organisation), and the call then runs in that organisation like any other. A refusal is an
// AppError the worker answers by hanging up at once.

/** The placeholder assistant of a number without one, until the assistant-request answers. */
export const UNASSIGNED_NUMBER_ASSISTANT_NAME = "Inbound call (assistant chosen by assistant-request)";

export async function startInboundCall(input: SipInboundCallRequest): Promise<SipInboundCallResponse> {
  const number = await db.phoneNumber.findUnique({
    where: { id: input.number_id },
    include: { organization: { select: { webhookUrl: true } } },
  });
  if (!number) throw new AppError("not_found", "No phone number is registered with this id", "number_id");
  if (!number.isActive) throw new AppError("call_refused", `${number.phoneNumber} is not active`, "number_id");

  const scope = systemScope(number.organizationId, "inbound phone call");
  // The worker may ask again after a lost answer: one room is one call.
  const existing = await db.call.findFirst({ where: { ...orgWhere(scope), roomName: input.room, numberId: number.id }, select: { id: true } });
  if (existing) return { call_id: existing.id };

  const assistant = number.assistantId
    ? { assistantId: number.assistantId }
    : number.organization.webhookUrl
      ? // The organisation's assistant-request webhook picks the assistant when the config is resolved.
        { assistantId: null, assistant: { name: UNASSIGNED_NUMBER_ASSISTANT_NAME } }
      : null;
  if (!assistant) {
    throw new AppError("call_refused", `${number.phoneNumber} has no assistant and the organisation has no assistant-request webhook`, "number_id");
  }

  const started = await startCall(scope, {
    channel: "sip_inbound",
    room: input.room,
    from: input.caller,
    // The number as registered (LiveKit may report the dialled form).
    to: number.phoneNumber,
    participantIdentity: input.participant_identity,
    numberId: number.id,
    ...assistant,
  });
  return { call_id: started.callId };
}
