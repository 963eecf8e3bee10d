import { initializeLogger, log } from "@livekit/agents";
import { ParticipantKind } from "@livekit/rtc-node";
import { ServerError, SipCallError } from "livekit-server-sdk";
import { describe, expect, it } from "vitest";
import type { OutboundDial } from "../../lib/contract/call-config";
import { SIP_CALL_STATUS_ATTRIBUTE } from "../../lib/contract/wire";
import { FakeReporter, FakeRoom, FakeSession } from "../testing/fake-call-parts";
import { Call } from "./call";
import { SIP_CHANNEL } from "./channel";
import { DialFailedError, dialEndReasonOf, dialOutcomeOf, placeOutboundCall, sipStatusOf, type OutboundDialer } from "./outbound";

initializeLogger({ pretty: false, level: "silent" });

// The errors livekit-server-sdk raises for a failed createSipParticipant: a SipCallError with
// the SIP status in its metadata, or a plain ServerError.
const sipFailure = (code: number, reason: string) =>
  new SipCallError("resource_exhausted", "INVITE failed", 429, "resource_exhausted", { sip_status_code: String(code), sip_status: reason });

describe("the SIP status of a failed dial -> the call's end reason", () => {
  it.each([
    [486, "Busy Here", "busy"],
    [600, "Busy Everywhere", "busy"],
    [480, "Temporarily Unavailable", "no_answer"],
    [408, "Request Timeout", "no_answer"],
    [487, "Request Terminated", "no_answer"],
    [603, "Decline", "rejected"],
    [403, "Forbidden", "rejected"],
    [404, "Not Found", "dial_failed"],
    [503, "Service Unavailable", "dial_failed"],
  ] as const)("%i %s -> %s", (code, reason, endReason) => {
    const error = sipFailure(code, reason);
    expect(sipStatusOf(error)).toBe(code);
    expect(dialEndReasonOf(error)).toBe(endReason);
  });

  it("reads the status from the message when the metadata has none", () => {
    const error = new ServerError("resource_exhausted", "SIP call failed: 486 Busy Here", 429, "resource_exhausted");
    expect(sipStatusOf(error)).toBe(486);
    expect(dialEndReasonOf(error)).toBe("busy");
    // A number elsewhere in a message is no SIP status.
    expect(sipStatusOf(new Error("room call-404 not reachable on port 5060"))).toBeUndefined();
  });

  it("counts a ring timeout without a SIP status as no answer, and anything else as a failure to dial", () => {
    expect(dialEndReasonOf(new ServerError("deadline_exceeded", "context deadline exceeded", 504, "deadline_exceeded"))).toBe("no_answer");
    expect(dialEndReasonOf(new ServerError("not_found", "requested sip trunk does not exist", 404, "not_found"))).toBe("dial_failed");
    expect(dialEndReasonOf(new Error("fetch failed"))).toBe("dial_failed");
  });

  it("ends an unanswered call (status ended) and fails one that could not be placed (status failed), saying why", () => {
    expect(dialOutcomeOf(sipFailure(486, "Busy Here"))).toMatchObject({ status: "ended", endReason: "busy", error: expect.stringMatching(/^The number is busy \(SIP 486\)/) });
    expect(dialOutcomeOf(sipFailure(603, "Decline"))).toMatchObject({ status: "ended", endReason: "rejected" });
    expect(dialOutcomeOf(new Error("fetch failed"))).toMatchObject({ status: "failed", endReason: "dial_failed", error: expect.stringContaining("fetch failed") });
  });
});

const DIAL: OutboundDial = { livekit_trunk_id: "ST_x", to: "+31612345678", from: "+31201234567", ring_timeout_seconds: 20, participant_identity: "callee-0b5a7c1e" };

function fakeDialer() {
  let settle: { resolve: () => void; reject: (e: unknown) => void } | undefined;
  const calls: { dial: OutboundDial; roomName: string }[] = [];
  const dialer: OutboundDialer = {
    dial: (dial, roomName) => {
      calls.push({ dial, roomName });
      return new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    },
  };
  return { dialer, calls, answer: () => settle!.resolve(), fail: (e: unknown) => settle!.reject(e) };
}

describe("placing an outbound call", () => {
  it("dials into the room, reports the ring once, and resolves when answered", async () => {
    const room = new FakeRoom();
    const { dialer, calls, answer } = fakeDialer();
    let rang = 0;
    const placed = placeOutboundCall({ dial: DIAL, roomName: "call-x", dialer, room, onRinging: () => rang++ });
    expect(calls).toEqual([{ dial: DIAL, roomName: "call-x" }]);
    room.join("callee-0b5a7c1e", ParticipantKind.SIP, { [SIP_CALL_STATUS_ATTRIBUTE]: "dialing" });
    expect(rang).toBe(0);
    room.join("someone-else", ParticipantKind.SIP, { [SIP_CALL_STATUS_ATTRIBUTE]: "ringing" });
    room.update("callee-0b5a7c1e", { [SIP_CALL_STATUS_ATTRIBUTE]: "ringing" });
    room.update("callee-0b5a7c1e", { [SIP_CALL_STATUS_ATTRIBUTE]: "ringing" });
    expect(rang).toBe(1);
    answer();
    await expect(placed).resolves.toBeUndefined();
    expect(room.listenerCount).toBe(0);
  });

  it("rejects with the outcome of the SIP failure", async () => {
    const room = new FakeRoom();
    const { dialer, fail } = fakeDialer();
    const placed = placeOutboundCall({ dial: DIAL, roomName: "call-x", dialer, room, onRinging: () => {} });
    fail(sipFailure(486, "Busy Here"));
    const error = await placed.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DialFailedError);
    expect((error as DialFailedError).outcome).toMatchObject({ status: "ended", endReason: "busy" });
  });
});

const FAST = { participantMs: 2_000, sessionCloseMs: 2_000, notifyMs: 200, errorGraceMs: 0, deleteRoomMs: 500, reportMs: 1_000 };

function outboundCall() {
  const room = new FakeRoom();
  const session = new FakeSession();
  const reporter = new FakeReporter();
  const { dialer, answer, fail, calls } = fakeDialer();
  const call = new Call({
    room,
    channel: SIP_CHANNEL,
    reporter,
    logger: log(),
    timeouts: FAST,
    placeCall: () => placeOutboundCall({ dial: DIAL, roomName: "call-x", dialer, room, onRinging: () => {} }),
  });
  const running = call.run((hooks) => {
    session.hooks = hooks;
    return session;
  });
  return { room, session, reporter, running, answer, fail, calls };
}

describe("an outbound call", () => {
  it("greets the callee once answered and active, and reports the start then", async () => {
    const { room, session, reporter, running, answer } = outboundCall();
    room.join("callee-0b5a7c1e", ParticipantKind.SIP, { [SIP_CALL_STATUS_ATTRIBUTE]: "ringing" });
    await new Promise((r) => setImmediate(r));
    expect(session.caller).toBeUndefined();
    answer();
    room.update("callee-0b5a7c1e", { [SIP_CALL_STATUS_ATTRIBUTE]: "active" });
    expect((await session.begun).identity).toBe("callee-0b5a7c1e");
    await running;
    expect(reporter.started).toBe(1);
    // Hanging up after the answer is the callee's hang-up.
    room.leave("callee-0b5a7c1e");
    expect(await room.shutDown).toBe("user_hangup");
    expect(reporter.outcomes).toEqual([{ status: "ended", endReason: "user_hangup" }]);
  });

  it("ends as busy when the callee answers 486, although its participant left the room first", async () => {
    const { room, session, reporter, fail } = outboundCall();
    room.join("callee-0b5a7c1e", ParticipantKind.SIP, { [SIP_CALL_STATUS_ATTRIBUTE]: "ringing" });
    await new Promise((r) => setImmediate(r));
    room.leave("callee-0b5a7c1e");
    await new Promise((r) => setImmediate(r));
    fail(sipFailure(486, "Busy Here"));
    expect(await room.shutDown).toBe("busy");
    expect(session.caller).toBeUndefined();
    expect(reporter.started).toBe(0);
    expect(reporter.outcomes).toEqual([expect.objectContaining({ status: "ended", endReason: "busy" })]);
    expect(room.deleted).toBe(true);
  });

  it("fails as dial_failed when the call cannot be placed", async () => {
    const { room, reporter, fail, calls } = outboundCall();
    await expect.poll(() => calls.length).toBe(1);
    fail(new Error("fetch failed"));
    expect(await room.shutDown).toBe("dial_failed");
    expect(reporter.outcomes).toEqual([expect.objectContaining({ status: "failed", endReason: "dial_failed" })]);
  });
});
