// The narrow view of the LiveKit room (and the job around it) that a call needs, so the call
// can be driven by a fake in unit tests. jobRoom() adapts the framework's JobContext.
import type { JobContext } from "@livekit/agents";
import { RoomEvent, type Participant, type ParticipantKind, type RemoteParticipant } from "@livekit/rtc-node";
import type { ControlReceiver } from "../control";

export interface CallParticipant {
  identity: string;
  kind: ParticipantKind;
  attributes: Record<string, string>;
}

export type ParticipantChange = "joined" | "updated" | "left";

export interface CallRoom {
  readonly isConnected: boolean;
  /** (Re)connects, e.g. to tell the client about a failure that happened before the session started. */
  connect(): Promise<void>;
  remoteParticipants(): CallParticipant[];
  /** Joins, attribute changes and departures of remote participants; returns the unsubscribe function. */
  onParticipant(listener: (participant: CallParticipant, change: ParticipantChange) => void): () => void;
  /** Sets attributes on the agent's own participant. */
  setAttributes(attributes: Record<string, string>): Promise<void>;
  sendText(text: string, options: { topic: string; attributes: Record<string, string> }): Promise<void>;
  /** Runs call-control commands received through the room; returns the detach function. */
  attachControl(receiver: ControlReceiver): () => void;
  /** Hangs up everyone still in the room (a SIP caller included). */
  deleteRoom(): Promise<void>;
  /** Ends the job. */
  shutdown(reason: string): void;
  onShutdown(callback: () => Promise<void>): void;
}

const viewOf = (p: Participant): CallParticipant => ({ identity: p.identity, kind: p.kind, attributes: { ...p.attributes } });

export function jobRoom(ctx: JobContext): CallRoom {
  const room = ctx.room;
  return {
    get isConnected() {
      return room.isConnected;
    },
    connect: () => ctx.connect(),
    remoteParticipants: () => [...room.remoteParticipants.values()].map(viewOf),
    onParticipant(listener) {
      const joined = (p: RemoteParticipant) => listener(viewOf(p), "joined");
      const left = (p: RemoteParticipant) => listener(viewOf(p), "left");
      const updated = (_changed: Record<string, string>, p: Participant) => {
        if (p.identity !== room.localParticipant?.identity) listener(viewOf(p), "updated");
      };
      room.on(RoomEvent.ParticipantConnected, joined);
      room.on(RoomEvent.ParticipantDisconnected, left);
      room.on(RoomEvent.ParticipantAttributesChanged, updated);
      return () => {
        room.off(RoomEvent.ParticipantConnected, joined);
        room.off(RoomEvent.ParticipantDisconnected, left);
        room.off(RoomEvent.ParticipantAttributesChanged, updated);
      };
    },
    async setAttributes(attributes) {
      if (!room.localParticipant) throw new Error("not connected to the room");
      await room.localParticipant.setAttributes(attributes);
    },
    async sendText(text, options) {
      if (!room.localParticipant) throw new Error("not connected to the room");
      await room.localParticipant.sendText(text, options);
    },
    attachControl: (receiver) => receiver.attach(room),
    deleteRoom: () => ctx.deleteRoom(),
    shutdown: (reason) => ctx.shutdown(reason),
    onShutdown: (callback) => ctx.addShutdownCallback(callback),
  };
}
