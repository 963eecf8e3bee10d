import { initializeLogger, log } from "@livekit/agents";
import { ParticipantKind } from "@livekit/rtc-node";
import { describe, expect, it } from "vitest";
import { AppApiError } from "../app-client";
import { FakeRoom } from "../testing/fake-call-parts";
import { startInboundCall } from "./inbound";

initializeLogger({ pretty: false, level: "silent" });

const timeouts = { participantMs: 2_000, roomConnectMs: 1_000, deleteRoomMs: 1_000 };
const metadata = { channel: "sip_inbound" as const, number_id: "7d1e0c4a-0000-4000-8000-000000000000" };

function parts(room: FakeRoom, answer: () => Promise<string>) {
  const asked: unknown[] = [];
  return {
    asked,
    parts: {
      room,
      roomName: "call-_+31612345678_abc",
      logger: log(),
      timeouts,
      app: {
        startInboundCall: (request: unknown) => {
          asked.push(request);
          return answer();
        },
      },
    },
  };
}

describe("inbound phone calls", () => {
  it("asks the app to start the call for the SIP caller (who may join after the agent) and returns its id", async () => {
    const room = new FakeRoom();
    room.join("agent-helper", ParticipantKind.STANDARD);
    const { asked, parts: p } = parts(room, async () => "call-1");
    const started = startInboundCall(metadata, p);
    room.join("sip_+31612345678", ParticipantKind.SIP, { "sip.phoneNumber": "+31612345678", "sip.trunkPhoneNumber": "+31201234567", "sip.callStatus": "ringing" });
    await expect(started).resolves.toBe("call-1");
    expect(asked).toEqual([
      { number_id: metadata.number_id, room: "call-_+31612345678_abc", caller: "+31612345678", called: "+31201234567", participant_identity: "sip_+31612345678" },
    ]);
    expect(room.deleted).toBe(false);
    expect(room.shutdownReason).toBeUndefined();
  });

  it("hangs up at once (deletes the room) when the app refuses the call", async () => {
    const room = new FakeRoom();
    room.join("sip_+31612345678", ParticipantKind.SIP, { "sip.phoneNumber": "+31612345678" });
    const { parts: p } = parts(room, () => Promise.reject(new AppApiError("POST answered 409: not active", 409)));
    await expect(startInboundCall(metadata, p)).resolves.toBeNull();
    expect(room.deleted).toBe(true);
    expect(room.shutdownReason).toBe("call_refused");
  });

  it("hangs up at once, without asking the app, a call to a number nobody registered (the catch-all rule)", async () => {
    const room = new FakeRoom();
    const { asked, parts: p } = parts(room, async () => "call-1");
    const started = startInboundCall({ channel: "sip_inbound", number_id: null }, p);
    room.join("sip_+31612345678", ParticipantKind.SIP, { "sip.phoneNumber": "+31612345678", "sip.trunkPhoneNumber": "+31209999999", "sip.callStatus": "ringing" });
    await expect(started).resolves.toBeNull();
    expect(asked).toEqual([]);
    expect(room.deleted).toBe(true);
    expect(room.shutdownReason).toBe("call_refused");
  });

  it("hangs up when no SIP caller shows up in time, without asking the app", async () => {
    const room = new FakeRoom();
    const { asked, parts: p } = parts(room, async () => "call-1");
    await expect(startInboundCall(metadata, { ...p, timeouts: { ...timeouts, participantMs: 50 } })).resolves.toBeNull();
    expect(asked).toEqual([]);
    expect(room.deleted).toBe(true);
  });
});
