// The channel layer: who the caller is and when the agent may greet them. A web call's caller
// is the browser (a standard participant) and can hear as soon as it is in the room; a phone
// call's caller is the SIP participant LiveKit SIP puts in the room, which joins while still
// ringing (inbound) or dialing (outbound) and can only hear once the call is answered.
import { ParticipantKind } from "@livekit/rtc-node";
import type { CallType } from "../../lib/contract/channels";
import { SIP_CALL_STATUS_ACTIVE, SIP_CALL_STATUS_ATTRIBUTE } from "../../lib/contract/wire";
import type { CallParticipant, CallRoom } from "./room";

export interface CallerChannel {
  readonly name: "web" | "sip";
  /** Participant kinds the voice session listens to (and links the caller among). */
  readonly participantKinds: ParticipantKind[];
  isCaller(participant: CallParticipant): boolean;
  /** Whether the caller can hear a greeting now. */
  isReady(participant: CallParticipant): boolean;
}

export const WEB_CHANNEL: CallerChannel = {
  name: "web",
  participantKinds: [ParticipantKind.STANDARD],
  isCaller: (p) => p.kind === ParticipantKind.STANDARD,
  isReady: () => true,
};

export const SIP_CHANNEL: CallerChannel = {
  name: "sip",
  participantKinds: [ParticipantKind.SIP],
  isCaller: (p) => p.kind === ParticipantKind.SIP,
  isReady: (p) => p.attributes[SIP_CALL_STATUS_ATTRIBUTE] === SIP_CALL_STATUS_ACTIVE,
};

export function channelOf(callType: CallType): CallerChannel {
  return callType === "web" ? WEB_CHANNEL : SIP_CHANNEL;
}

export interface CallerWait {
  /** Resolves with the caller once it is ready to be greeted. */
  ready: Promise<CallParticipant>;
  cancel(): void;
}

/**
 * Watches the room for the caller: `onCaller` fires as soon as the first participant the
 * channel calls the caller is in the room (so a hang-up while still ringing counts), `ready`
 * resolves once it can hear.
 */
export function waitForCaller(room: CallRoom, channel: CallerChannel, onCaller: (caller: CallParticipant) => void): CallerWait {
  let callerIdentity: string | undefined;
  let unsubscribe = () => {};
  const ready = new Promise<CallParticipant>((resolve) => {
    const consider = (p: CallParticipant) => {
      if (callerIdentity === undefined && channel.isCaller(p)) {
        callerIdentity = p.identity;
        onCaller(p);
      }
      if (p.identity === callerIdentity && channel.isReady(p)) {
        unsubscribe();
        resolve(p);
      }
    };
    unsubscribe = room.onParticipant((p, change) => {
      if (change !== "left") consider(p);
    });
    for (const p of room.remoteParticipants()) consider(p);
  });
  return { ready, cancel: () => unsubscribe() };
}
