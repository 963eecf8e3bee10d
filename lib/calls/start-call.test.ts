import { describe, expect, it } from "vitest";
import { CHANNELS } from "@/lib/calls/call-channels";

const CALL_ID = "0b5a7c1e-0000-4000-8000-000000000000";
const NUMBER_ID = "7d1e0c4a-0000-4000-8000-000000000000";

describe("call channels", () => {
  it("web: the app creates room call-<id> and the browser joins as caller-<id prefix>", () => {
    expect(CHANNELS.web.plan(CALL_ID, { channel: "web" })).toEqual({
      type: "web",
      roomName: `call-${CALL_ID}`,
      roomCreatedBy: "app",
      callerPhone: null,
      assistantPhone: null,
      numberId: null,
      callerIdentity: "caller-0b5a7c1e",
      initialStatus: "connecting",
      ringTimeoutSeconds: null,
    });
    expect(CHANNELS.web.connect).not.toBeNull();
  });

  it("sip: the numbers land on the call; inbound rooms are LiveKit SIP's, outbound ones the app's", () => {
    expect(CHANNELS.sip_inbound.plan(CALL_ID, { channel: "sip_inbound", room: "call-_+3161_x", from: "+31612345678", to: "+31201234567", participantIdentity: "sip_+31612345678", numberId: NUMBER_ID })).toMatchObject({
      type: "inbound",
      roomName: "call-_+3161_x",
      roomCreatedBy: "sip",
      callerPhone: "+31612345678",
      assistantPhone: "+31201234567",
      numberId: NUMBER_ID,
      callerIdentity: "sip_+31612345678",
      initialStatus: "connecting",
    });
    expect(CHANNELS.sip_outbound.plan(CALL_ID, { channel: "sip_outbound", to: "+31612345678", from: "+31201234567", numberId: NUMBER_ID, ringTimeoutSeconds: 25 })).toEqual({
      type: "outbound",
      roomName: `call-${CALL_ID}`,
      roomCreatedBy: "app",
      // The remote party is the callee; the caller ID is ours.
      callerPhone: "+31612345678",
      assistantPhone: "+31201234567",
      numberId: NUMBER_ID,
      callerIdentity: "callee-0b5a7c1e",
      initialStatus: "dialing",
      ringTimeoutSeconds: 25,
    });
    // The app brings up the room with the agent; the agent dials.
    expect(CHANNELS.sip_outbound.connect).not.toBeNull();
  });

  it("inbound: nothing to bring up (LiveKit SIP made the room and dispatched the agent)", async () => {
    const plan = CHANNELS.sip_inbound.plan(CALL_ID, { channel: "sip_inbound", room: "call-_+3161_x", from: "+31612345678", to: "+31201234567", participantIdentity: "sip_+31612345678", numberId: NUMBER_ID });
    await expect(CHANNELS.sip_inbound.connect!(CALL_ID, plan, { emptyTimeoutSeconds: 50 })).resolves.toEqual({});
  });

});
