import "server-only";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors/app-error";
import { sipClient } from "@/lib/livekit/sip";
import { referToUri } from "@/lib/telephony/refer-uri";
import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";
import type { CallTransferRequest, CallTransferResponse } from "@/lib/contract/call-transfer";

// SIP transfers (blind): the caller's provider is asked by REFER to connect the caller to the
// destination; LiveKit SIP resolves once the provider reports the outcome (NOTIFY sipfrag).
// Only phone calls on a number with a transfer trunk can be transferred.

type TransferTrunk = { id: string; name: string; outboundAddress: string | null; transport: "udp" | "tcp" | "tls"; isActive: boolean };

/**
 * The transfer trunk of a call's number; a clear validation error when the call cannot be
 * transferred (a browser call, a number without a transfer trunk, an inactive trunk).
 */
export async function transferTrunkOfCall(scope: OrgScope, call: { type: string; numberId: string | null }): Promise<TransferTrunk> {
  if (call.type === "web") {
    throw new AppError("validation_error", "A browser call cannot be transferred; transfer needs a phone call", "type");
  }
  const number = call.numberId
    ? await db.phoneNumber.findFirst({
        where: { id: call.numberId, ...orgWhere(scope) },
        select: { phoneNumber: true, transferTrunk: { select: { id: true, name: true, outboundAddress: true, transport: true, isActive: true } } },
      })
    : null;
  if (!number) throw new AppError("validation_error", "The call has no phone number of this organisation to transfer through", "destination");
  const trunk = number.transferTrunk;
  if (!trunk) {
    throw new AppError("validation_error", `The number ${number.phoneNumber} has no transfer trunk; set transfer_trunk_id on the number to allow transfers`, "destination");
  }
  if (!trunk.isActive) throw new AppError("validation_error", `The transfer trunk "${trunk.name}" of ${number.phoneNumber} is inactive`, "destination");
  return trunk;
}

/** Transfers the caller of an in-progress phone call; resolves when the far end accepted it. */
export async function transferCall(scope: OrgScope, callId: string, request: CallTransferRequest): Promise<CallTransferResponse> {
  const call = await db.call.findFirst({ where: { id: callId, ...orgWhere(scope) }, select: { id: true, type: true, status: true, numberId: true, roomName: true } });
  if (!call) throw notFound("Call");
  if (call.status !== "in_progress") throw new AppError("call_not_active", `Call is ${call.status}; only an in-progress call can be transferred`);
  const trunk = await transferTrunkOfCall(scope, call);
  let referTo: string;
  try {
    referTo = referToUri(request.destination, trunk);
  } catch (error) {
    throw new AppError("validation_error", error instanceof Error ? error.message : String(error), "destination");
  }
  try {
    await sipClient().transferSipParticipant(call.roomName, request.participant_identity, referTo, { playDialtone: false });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/fetch failed|ECONNREFUSED|ENOTFOUND/i.test(message)) throw new AppError("service_unavailable", "The media server is unreachable; the call was not transferred");
    // e.g. "SIP call failed: 486 Busy Here" (the far end refused); the call stays up.
    throw new AppError("provider_error", `The transfer to ${request.destination} was refused: ${message}`);
  }
  await db.call.updateMany({ where: { id: callId, ...orgWhere(scope) }, data: { transferDestination: request.destination } });
  return { success: true, refer_to: referTo };
}
