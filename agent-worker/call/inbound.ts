// An inbound phone call reaches the worker before any Call exists: LiveKit SIP created the
// room and its dispatch rule sent the number's id. The agent finds the SIP caller in the room
// and asks the app to start the call; from then on it is a call like any other (config by
// id). A refused call is hung up at once by deleting the room: LiveKit SIP then ends the
// still-ringing INVITE, so the caller never hears a phone that rings on unanswered.
import type { InboundDispatchMetadata } from "../../lib/contract/call-config";
import { SIP_PHONE_NUMBER_ATTRIBUTE, SIP_TRUNK_PHONE_NUMBER_ATTRIBUTE } from "../../lib/contract/wire";
import type { AppClient } from "../app-client";
import { SIP_CHANNEL } from "./channel";
import type { CallParticipant, CallRoom } from "./room";
import { errorMessage, settle, withTimeout, type CallTimeouts, type Logger } from "./timeouts";

/** Resolves with the first SIP participant in the room (already there or joining). */
export function sipCallerOf(room: CallRoom): { caller: Promise<CallParticipant>; cancel(): void } {
  let unsubscribe = () => {};
  const caller = new Promise<CallParticipant>((resolve) => {
    const present = room.remoteParticipants().find(SIP_CHANNEL.isCaller);
    if (present) return resolve(present);
    unsubscribe = room.onParticipant((p, change) => {
      if (change !== "left" && SIP_CHANNEL.isCaller(p)) {
        unsubscribe();
        resolve(p);
      }
    });
  });
  return { caller, cancel: () => unsubscribe() };
}

export interface InboundParts {
  room: CallRoom;
  /** The room's name, as LiveKit SIP created it. */
  roomName: string;
  app: Pick<AppClient, "startInboundCall">;
  logger: Logger;
  timeouts: Pick<CallTimeouts, "participantMs" | "roomConnectMs" | "deleteRoomMs">;
}

/** The id of the call the app started, or null when the call was refused (and hung up). */
export async function startInboundCall(metadata: InboundDispatchMetadata, parts: InboundParts): Promise<string | null> {
  const { room, logger, timeouts } = parts;
  const hangUp = async (reason: string, detail: Record<string, unknown>) => {
    logger.warn({ numberId: metadata.number_id, ...detail }, `hanging up an inbound call: ${reason}`);
    if (room.isConnected) await settle(room.deleteRoom(), timeouts.deleteRoomMs, logger, "deleting the room");
    room.shutdown("call_refused");
    return null;
  };

  try {
    await withTimeout(room.connect(), timeouts.roomConnectMs, "connecting to the room");
  } catch (error) {
    return hangUp("could not join the room", { error: errorMessage(error) });
  }
  const wait = sipCallerOf(room);
  let caller: CallParticipant;
  try {
    caller = await withTimeout(wait.caller, timeouts.participantMs, "waiting for the SIP caller");
  } catch (error) {
    wait.cancel();
    return hangUp("no SIP caller in the room", { error: errorMessage(error) });
  }

  if (metadata.number_id === null) return hangUp("the number dialled is not registered", { called: caller.attributes[SIP_TRUNK_PHONE_NUMBER_ATTRIBUTE] });
  try {
    return await parts.app.startInboundCall({
      number_id: metadata.number_id,
      room: parts.roomName,
      caller: caller.attributes[SIP_PHONE_NUMBER_ATTRIBUTE] || caller.identity,
      called: caller.attributes[SIP_TRUNK_PHONE_NUMBER_ATTRIBUTE] ?? null,
      participant_identity: caller.identity,
    });
  } catch (error) {
    // Refused (unknown or inactive number, no assistant) or the app is unreachable: either
    // way nobody can run this call, and the caller must not be left ringing.
    return hangUp("the app did not start the call", { error: errorMessage(error) });
  }
}
