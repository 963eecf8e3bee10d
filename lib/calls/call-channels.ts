import "server-only";
import { createParticipantToken, createRoomWithAgent, publicLivekitUrl } from "@/lib/livekit/server";
import { CALL_TYPE_OF_CHANNEL, type CallChannel, type CallType } from "@/lib/contract/channels";
import type { AppDispatchMetadata } from "@/lib/contract/call-config";
import { outboundCalleeIdentityOf, roomNameOf, webCallerIdentityOf } from "@/lib/contract/wire";

// What differs between the ways a call reaches an assistant, and nothing else: the numbers
// on the call, who creates its room (and so dispatches the agent), what the caller's
// participant is called, and what the starter gets back. startCall (start-call.ts) does the
// rest the same way for every channel.

/** Channel-specific input of startCall. */
export type ChannelInput =
  | { channel: "web" }
  /**
   * The agent dials `to` from `from` (the organisation's number `numberId`) through that
   * number's SIP trunk once it is in the room; the phone rings up to `ringTimeoutSeconds`.
   */
  | { channel: "sip_outbound"; to: string; from: string; numberId: string; ringTimeoutSeconds: number }
  /** LiveKit SIP took a call to the number `numberId` and created `room` through its dispatch rule. */
  | { channel: "sip_inbound"; room: string; from: string; to: string; participantIdentity: string; numberId: string };

export interface ChannelPlan {
  type: CallType;
  roomName: string;
  /**
   * "app": the app creates the room with the agent dispatched (web, outbound). "sip": LiveKit
   * SIP created it and its dispatch rule dispatched the agent (inbound), so the app must not.
   */
  roomCreatedBy: "app" | "sip";
  /** The remote party's number and ours (null on web calls). */
  callerPhone: string | null;
  assistantPhone: string | null;
  /** The registered number the call came in on or goes out from. */
  numberId: string | null;
  /** The caller's participant identity in the room. The worker finds the caller by kind (channel layer); this names it. */
  callerIdentity: string;
  /** The status the call starts in: `dialing` for outbound calls, else `connecting`. */
  initialStatus: "connecting" | "dialing";
  /** Outbound: how long the callee's phone may ring; null otherwise. */
  ringTimeoutSeconds: number | null;
}

/** Dispatch metadata of the agent: the call is created first, so the worker fetches its config by id. */
export const dispatchMetadataOf = (callId: string): AppDispatchMetadata => ({ call_id: callId });

export type ChannelInputOf<C extends CallChannel> = Extract<ChannelInput, { channel: C }>;

export interface WebCallAccess {
  token: string;
  server_url: string;
}

/** What the starter of a call gets back, per channel (web: the browser's way into the room). */
export interface ChannelAccess {
  web: WebCallAccess;
  sip_outbound: Record<never, never>;
  sip_inbound: Record<never, never>;
}

export interface ChannelDefinition<C extends CallChannel> {
  plan(callId: string, input: ChannelInputOf<C>): ChannelPlan;
  /**
   * Brings the media up once the Call row exists: room, dispatch, the caller's way in.
   * Null while the channel is not supported yet (startCall refuses it before writing anything).
   */
  connect: ((callId: string, plan: ChannelPlan, room: { emptyTimeoutSeconds: number }) => Promise<ChannelAccess[C]>) | null;
}

export const CHANNELS: { [C in CallChannel]: ChannelDefinition<C> } = {
  web: {
    plan: (callId) => ({
      type: CALL_TYPE_OF_CHANNEL.web,
      roomName: roomNameOf(callId),
      roomCreatedBy: "app",
      callerPhone: null,
      assistantPhone: null,
      numberId: null,
      callerIdentity: webCallerIdentityOf(callId),
      initialStatus: "connecting",
      ringTimeoutSeconds: null,
    }),
    async connect(callId, plan, room) {
      await createRoomWithAgent({ room: plan.roomName, dispatch: dispatchMetadataOf(callId), emptyTimeoutSeconds: room.emptyTimeoutSeconds });
      const token = await createParticipantToken({ room: plan.roomName, identity: plan.callerIdentity, name: "Caller" });
      return { token, server_url: publicLivekitUrl() };
    },
  },
  sip_outbound: {
    plan: (callId, input) => ({
      type: CALL_TYPE_OF_CHANNEL.sip_outbound,
      roomName: roomNameOf(callId),
      roomCreatedBy: "app",
      callerPhone: input.to,
      assistantPhone: input.from,
      numberId: input.numberId,
      callerIdentity: outboundCalleeIdentityOf(callId),
      initialStatus: "dialing",
      ringTimeoutSeconds: input.ringTimeoutSeconds,
    }),
    // The app only creates the room with the agent dispatched; the agent places the call
    // (agent-worker/call/outbound.ts) once it is in the room, with the dial details of the
    // call config. LiveKit's convention, and the agent is the one that must be there when the
    // callee answers and that sees the SIP status of a failed INVITE (busy, no answer, ...).
    async connect(callId, plan, room) {
      await createRoomWithAgent({ room: plan.roomName, dispatch: dispatchMetadataOf(callId), emptyTimeoutSeconds: room.emptyTimeoutSeconds });
      return {};
    },
  },
  sip_inbound: {
    plan: (_callId, input) => ({
      type: CALL_TYPE_OF_CHANNEL.sip_inbound,
      roomName: input.room,
      roomCreatedBy: "sip",
      callerPhone: input.from,
      assistantPhone: input.to,
      numberId: input.numberId,
      callerIdentity: input.participantIdentity,
      initialStatus: "connecting",
      ringTimeoutSeconds: null,
    }),
    // Nothing to bring up: LiveKit SIP created the room, its dispatch rule dispatched the agent,
    // and the agent (already in the room) started this call and runs it once it has the id.
    connect: async () => ({}),
  },
};
