import { initializeLogger, log } from "@livekit/agents";
import { ParticipantKind } from "@livekit/rtc-node";
import { describe, expect, it } from "vitest";
import { ERROR_ATTRIBUTE, ERROR_CODE_ATTRIBUTE, ERROR_TOPIC, SIP_CALL_STATUS_ATTRIBUTE } from "../../lib/contract/wire";
import { FakeReporter, FakeRoom, FakeSession } from "../testing/fake-call-parts";
import { Call } from "./call";
import { SIP_CHANNEL, WEB_CHANNEL, type CallerChannel } from "./channel";
import { CallSetupError } from "./session";

initializeLogger({ pretty: false, level: "silent" });

const FAST = { participantMs: 2_000, sessionCloseMs: 2_000, notifyMs: 200, errorGraceMs: 0, deleteRoomMs: 500, reportMs: 1_000 };

function setUp(channel: CallerChannel = WEB_CHANNEL, timeouts: Partial<typeof FAST> = {}) {
  const room = new FakeRoom();
  const session = new FakeSession();
  const reporter = new FakeReporter();
  const call = new Call({ room, channel, reporter, logger: log(), timeouts: { ...FAST, ...timeouts } });
  const running = call.run((hooks) => {
    session.hooks = hooks;
    return session;
  });
  return { room, session, reporter, call, running };
}

describe("Call on a web channel", () => {
  it("begins with the first standard participant, reports start, and ends once as user_hangup when that caller leaves", async () => {
    const { room, session, reporter, running } = setUp();
    room.join("lk-observer", ParticipantKind.AGENT);
    room.join("caller-1");
    room.join("caller-2");
    expect((await session.begun).identity).toBe("caller-1");
    await running;
    expect(reporter.started).toBe(1);

    room.leave("caller-2");
    expect(session.shutdowns).toBe(0);
    room.leave("caller-1");
    expect(await room.shutDown).toBe("user_hangup");
    expect(reporter.outcomes).toEqual([{ status: "ended", endReason: "user_hangup" }]);
    expect(room.deleted).toBe(true);
    expect(session.stopped).toBe(true);
    expect(room.listenerCount).toBe(0);
    // Hung-up calls carry no error notice.
    expect(room.attributes).toEqual({});
  });

  it("greets a caller already in the room when the session starts", async () => {
    const room = new FakeRoom();
    room.join("caller-early");
    const session = new FakeSession();
    const call = new Call({ room, channel: WEB_CHANNEL, reporter: new FakeReporter(), logger: log(), timeouts: FAST });
    await call.run(() => session);
    expect(session.caller?.identity).toBe("caller-early");
    expect(call.callerIdentity).toBe("caller-early");
  });

  it("ends as no_participant when nobody joins in time, without a start report", async () => {
    const { room, session, reporter, running } = setUp(WEB_CHANNEL, { participantMs: 50 });
    await running;
    expect(await room.shutDown).toBe("no_participant");
    expect(session.caller).toBeUndefined();
    expect(reporter.started).toBe(0);
    expect(reporter.outcomes).toEqual([{ status: "ended", endReason: "no_participant" }]);
  });

  it("keeps the end the conversation asked for, whatever the session's close says", async () => {
    const { room, session, reporter } = setUp();
    room.join("caller-1");
    await session.begun;
    session.closesOnShutdown = false;
    session.hooks!.requestEnd("max_duration");
    session.hooks!.requestEnd("silence_timeout");
    expect(session.shutdowns).toBe(2);
    session.close({ reason: "participant_disconnected" });
    expect(await room.shutDown).toBe("max_duration");
    expect(reporter.outcomes).toEqual([{ status: "ended", endReason: "max_duration" }]);
  });

  it("finishes a requested end even when the session never closes again", async () => {
    const { room, session, reporter } = setUp(WEB_CHANNEL, { sessionCloseMs: 30 });
    room.join("caller-1");
    await session.begun;
    session.closesOnShutdown = false;
    session.hooks!.requestEnd("api_ended_call");
    expect(await room.shutDown).toBe("api_ended_call");
    expect(reporter.outcomes).toEqual([{ status: "ended", endReason: "api_ended_call" }]);
  });
});

describe("Call on a SIP channel", () => {
  it("links the SIP participant but greets only once its call is active", async () => {
    const { room, session, reporter, call, running } = setUp(SIP_CHANNEL);
    room.join("browser-spy");
    room.join("sip_+31612345678", ParticipantKind.SIP, { [SIP_CALL_STATUS_ATTRIBUTE]: "ringing" });
    await new Promise((r) => setImmediate(r));
    expect(call.callerIdentity).toBe("sip_+31612345678");
    expect(session.caller).toBeUndefined();
    expect(reporter.started).toBe(0);

    room.update("sip_+31612345678", { [SIP_CALL_STATUS_ATTRIBUTE]: "active" });
    expect((await session.begun).identity).toBe("sip_+31612345678");
    await running;
    expect(reporter.started).toBe(1);
  });

  it("counts a hang-up while still ringing as the caller hanging up", async () => {
    const { room, session, reporter } = setUp(SIP_CHANNEL);
    room.join("sip_+31612345678", ParticipantKind.SIP, { [SIP_CALL_STATUS_ATTRIBUTE]: "ringing" });
    await new Promise((r) => setImmediate(r));
    room.leave("sip_+31612345678");
    expect(await room.shutDown).toBe("user_hangup");
    expect(session.caller).toBeUndefined();
    expect(reporter.outcomes).toEqual([{ status: "ended", endReason: "user_hangup" }]);
  });

  it("gives up as no_participant on a call that keeps ringing", async () => {
    const { room, reporter } = setUp(SIP_CHANNEL, { participantMs: 50 });
    room.join("sip_+31612345678", ParticipantKind.SIP, { [SIP_CALL_STATUS_ATTRIBUTE]: "ringing" });
    expect(await room.shutDown).toBe("no_participant");
    expect(reporter.outcomes.map((o) => o.endReason)).toEqual(["no_participant"]);
  });
});

describe("Call failures", () => {
  it("names the failed provider, tells the client (attribute and text), reports, then deletes the room", async () => {
    const { room, session, reporter } = setUp();
    room.join("caller-1");
    await session.begun;
    session.close({ reason: "error", fatal: { stage: "stt", cause: new Error("connection refused") } });
    expect(await room.shutDown).toBe("provider_error");
    const outcome = { status: "failed", endReason: "provider_error", error: "fake-stt: connection refused" };
    expect(reporter.outcomes).toEqual([outcome]);
    expect(room.attributes).toEqual({ [ERROR_ATTRIBUTE]: outcome.error, [ERROR_CODE_ATTRIBUTE]: "provider_error" });
    expect(room.texts).toEqual([{ text: outcome.error, topic: ERROR_TOPIC, attributes: { code: "provider_error" } }]);
    expect(room.deleted).toBe(true);
  });

  it("reports a fatal error outside the providers as agent_error", async () => {
    const { room, session, reporter } = setUp();
    room.join("caller-1");
    await session.begun;
    session.close({ reason: "error", fatal: { stage: undefined, cause: new Error("tool crashed") } });
    expect(await room.shutDown).toBe("agent_error");
    expect(reporter.outcomes).toEqual([{ status: "failed", endReason: "agent_error", error: "tool crashed" }]);
  });

  it("fails with the setup error's end reason when the session cannot be built, before anything else", async () => {
    const room = new FakeRoom();
    room.join("caller-1");
    const reporter = new FakeReporter();
    const call = new Call({ room, channel: WEB_CHANNEL, reporter, logger: log(), timeouts: FAST });
    await call.run(() => {
      throw new CallSetupError("provider_error", "Missing API key for deepgram (stt)");
    });
    expect(room.shutdownReason).toBe("provider_error");
    expect(reporter.started).toBe(0);
    expect(reporter.outcomes).toEqual([{ status: "failed", endReason: "provider_error", error: "Missing API key for deepgram (stt)" }]);
    expect(room.texts.map((t) => t.text)).toEqual(["Missing API key for deepgram (stt)"]);
  });

  it("fails as agent_error when the session does not start", async () => {
    const room = new FakeRoom();
    const session = new FakeSession();
    session.failStart(new Error("could not connect"));
    const reporter = new FakeReporter();
    await new Call({ room, channel: WEB_CHANNEL, reporter, logger: log(), timeouts: FAST }).run(() => session);
    expect(reporter.outcomes).toEqual([{ status: "failed", endReason: "agent_error", error: "session did not start: could not connect" }]);
    expect(session.shutdowns).toBe(1);
  });

  it("posts the end when the job goes away first: worker_shutdown while connected, as failed before the call started", async () => {
    const { room, session, reporter } = setUp();
    await new Promise((r) => setImmediate(r));
    await room.runShutdownCallbacks();
    expect(reporter.outcomes).toEqual([{ status: "failed", endReason: "worker_shutdown" }]);
    expect(session.caller).toBeUndefined();
  });
});
