import "server-only";
import { AccessToken, DataPacket_Kind, RoomAgentDispatch, RoomServiceClient } from "livekit-server-sdk";
import { env } from "@/lib/env";
import type { AppDispatchMetadata } from "@/lib/contract/call-config";

// LiveKit server APIs speak HTTP on the same port as the signalling WebSocket.
const httpUrl = (wsUrl: string) => wsUrl.replace(/^ws(s?):\/\//, "http$1://");

export function livekitClients() {
  const { LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET } = env();
  const url = httpUrl(LIVEKIT_URL);
  return {
    rooms: new RoomServiceClient(url, LIVEKIT_API_KEY, LIVEKIT_API_SECRET),
  };
}

export function publicLivekitUrl(): string {
  const { LIVEKIT_PUBLIC_URL, LIVEKIT_URL } = env();
  return LIVEKIT_PUBLIC_URL ?? LIVEKIT_URL;
}

// A short-lived token that lets one participant join one room.
export async function createParticipantToken(options: { room: string; identity: string; name?: string }) {
  const { LIVEKIT_API_KEY, LIVEKIT_API_SECRET } = env();
  const token = new AccessToken(LIVEKIT_API_KEY, LIVEKIT_API_SECRET, {
    identity: options.identity,
    name: options.name,
    ttl: "10m",
  });
  token.addGrant({ roomJoin: true, room: options.room, canPublish: true, canSubscribe: true, canPublishData: true });
  return token.toJwt();
}

// Creates the room with an explicit dispatch of our agent (call id in its metadata), in one
// request, so no other agent is dispatched by default.
export async function createRoomWithAgent(options: { room: string; dispatch: AppDispatchMetadata; emptyTimeoutSeconds: number }) {
  await livekitClients().rooms.createRoom({
    name: options.room,
    emptyTimeout: options.emptyTimeoutSeconds,
    departureTimeout: 10,
    agents: [new RoomAgentDispatch({ agentName: env().AGENT_NAME, metadata: JSON.stringify(options.dispatch) })],
  });
}

export async function deleteRoomQuietly(room: string) {
  try {
    await livekitClients().rooms.deleteRoom(room);
  } catch {
    // The room may already be gone.
  }
}

// ParticipantInfo_Kind.AGENT in @livekit/protocol (which livekit-server-sdk does not re-export).
const PARTICIPANT_KIND_AGENT = 4;

/** Identities of the agent participants currently in a room. */
export async function findAgentIdentities(room: string): Promise<string[]> {
  const participants = await livekitClients().rooms.listParticipants(room);
  return participants.filter((p) => p.kind === PARTICIPANT_KIND_AGENT).map((p) => p.identity);
}

/**
 * Sends a reliable data message on `topic` from the server. With `destinationIdentities`
 * only those participants receive it; without, everyone in the room does.
 */
export async function sendRoomData(options: { room: string; topic: string; payload: string | Uint8Array; destinationIdentities?: string[] }) {
  const data = typeof options.payload === "string" ? new TextEncoder().encode(options.payload) : options.payload;
  await livekitClients().rooms.sendData(options.room, data, DataPacket_Kind.RELIABLE, {
    topic: options.topic,
    ...(options.destinationIdentities?.length ? { destinationIdentities: options.destinationIdentities } : {}),
  });
}
