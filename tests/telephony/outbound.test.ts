// Outbound phone calls end to end: POST /calls/outbound on the stack's app, the agent dials
// through LiveKit SIP, and sipp is the callee (answering, busy, or ringing on). The test holds
// the callee's audio (tests/telephony/rtp.ts), so it hears the greeting and speaks back.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PhoneMedia } from "./rtp";
import { freeUdpBlock, runSipp } from "./sipp";
import { makeSpeech, offeredMedia, receivedInvites, SPEECH_LEVEL, startTelephonyWorld, verbose, waitFor, type TelephonyWorld } from "./telephony-stack";

const FIRST_MESSAGE = "Hello, this is the bakery calling about your order.";
const CALLEE_SAYS = "Oh great, when can I pick it up?";
const AGENT_REPLY = "Any time after ten tomorrow.";
const CALLER_ID = "+31201234570";

let world: TelephonyWorld;
let calleeUlaw: Buffer;

beforeAll(async () => {
  world = await startTelephonyWorld({
    firstMessage: FIRST_MESSAGE,
    heard: CALLEE_SAYS,
    reply: AGENT_REPLY,
    systemPrompt: "You call the bakery's customers. You are calling {{customer.number}}.",
  });
  calleeUlaw = makeSpeech(world.dir, "callee", CALLEE_SAYS);
}, 600_000);

afterAll(async () => {
  await world?.stop();
});

let numbers = 0;

/** A sipp callee running `scenario`, and a caller-ID number whose trunk dials it. */
async function callee(scenario: string, opts: { media?: PhoneMedia; holdMs?: number; timeoutSeconds: number }) {
  const phone = await runSipp({
    scenario,
    keys: opts.media ? { phone_media_port: opts.media.port } : {},
    pauseMs: opts.holdMs,
    audioDir: world.dir,
    logDir: path.join(world.dir, "sipp"),
    name: scenario.replace(".xml", ""),
    timeoutSeconds: opts.timeoutSeconds,
  });
  const scope = { organizationId: world.org.id };
  const trunk = await world.telephony.createSipTrunk(scope, { name: `Carrier ${scenario}`, outboundAddress: `127.0.0.1:${phone.sipPort}`, transport: "udp" } as never);
  const number = await world.telephony.createPhoneNumber(scope, { phone_number: `+3120123457${numbers++}`, assistant_id: world.assistantId, transfer_trunk_id: trunk.id } as never);
  return { phone, number };
}

const dialOut = (body: Record<string, unknown>) => world.api("POST", "/calls/outbound", { assistant_id: world.assistantId, ...body });

const endedCall = (id: string, timeoutMs: number) =>
  waitFor("the call to end", async () => {
    const row = await world.db.call.findFirst({ where: { id } });
    return row && (row.status === "ended" || row.status === "failed") ? row : null;
  }, timeoutMs);

describe("outbound phone calls through LiveKit SIP", () => {
  it("rings the callee, greets once answered, hears the reply and ends when the callee hangs up; reported as an outbound call", async () => {
    const media = await PhoneMedia.open(await freeUdpBlock());
    try {
      // The callee answers after a short ring and hangs up 25 s later.
      const { phone, number } = await callee("callee-media.xml", { media, holdMs: 25_000, timeoutSeconds: 90 });
      expect(number.phone_number).toBe(CALLER_ID);
      const res = await dialOut({ destination: "+31 6 1234 5679", number_id: number.id, metadata: { order: "A-17" } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toEqual({ success: true, call_id: expect.any(String), status: "dialing" });
      const callId = res.body.call_id as string;

      media.connect(await offeredMedia(phone.messageFile, 30_000));
      const greetedAt = await media.waitForSpeech({ since: 0, level: SPEECH_LEVEL, count: 10 });
      const quietAt = await media.waitForQuiet({ since: greetedAt, level: SPEECH_LEVEL, count: 25 });
      const greetingPackets = media.packetsAbove(SPEECH_LEVEL, 0, quietAt);
      verbose(`greeting heard: ${greetingPackets} loud packets`);
      expect(greetingPackets).toBeGreaterThan(25);
      const live = await world.db.call.findFirstOrThrow({ where: { id: callId } });
      expect(live.status).toBe("in_progress");

      const spokeAt = Date.now();
      media.speak(calleeUlaw);
      const speechEndsAt = spokeAt + (calleeUlaw.length / 8000) * 1000;
      const repliedAt = await media.waitForSpeech({ since: speechEndsAt, level: SPEECH_LEVEL, count: 10 });
      expect(repliedAt).toBeGreaterThan(speechEndsAt);

      const result = await phone.done;
      expect(result.code, result.output.slice(-800)).toBe(0);
      expect(receivedInvites(result.messages)).toBe(1);
      // LiveKit SIP dialled the normalised destination, presenting the caller ID.
      const invite = result.messages.slice(result.messages.indexOf("INVITE sip:"));
      expect(invite).toMatch(/^INVITE sip:\+31612345679@/);
      expect(invite).toMatch(new RegExp(`^From:.*${CALLER_ID.replace("+", "\\+")}`, "m"));

      const call = await endedCall(callId, 30_000);
      expect(call).toMatchObject({ status: "ended", type: "outbound", callerPhone: "+31612345679", assistantPhone: CALLER_ID, numberId: number.id, endReason: "user_hangup" });
      const transcript = call.transcript as { role: string; content: string }[];
      expect(transcript.filter((t) => t.role === "assistant").map((t) => t.content)).toEqual(expect.arrayContaining([FIRST_MESSAGE, AGENT_REPLY]));
      expect(transcript.filter((t) => t.role === "user").map((t) => t.content)).toContain(CALLEE_SAYS);
      // The prompt had the callee's number.
      expect(JSON.stringify(world.fakes.openai.requests.at(-1)?.messages ?? [])).toContain("You are calling +31612345679.");

      // status-update ringing -> in-progress -> ended, and the end-of-call report, as an outbound call.
      const ofCall = () => world.receiver.requests.filter((r) => (r.json.message.call as { id?: string } | undefined)?.id === callId);
      await waitFor("the end-of-call report", async () => ofCall().some((r) => r.json.message.type === "end-of-call-report"), 30_000);
      // Deliveries run side by side, so they may arrive in any order: a receiver orders them by
      // the envelope's timestamp (set when the event happened).
      const statuses = ofCall()
        .filter((r) => r.json.message.type === "status-update")
        .sort((a, b) => Date.parse(String(a.json.message.timestamp)) - Date.parse(String(b.json.message.timestamp)))
        .map((r) => (r.json.message.call as { status: string }).status);
      expect(statuses).toEqual(["ringing", "in-progress", "ended"]);
      for (const request of ofCall()) {
        expect(request.json.message).toMatchObject({
          call: { id: callId, type: "outbound_phone_call" },
          assistant: { metadata: { order: "A-17" } },
          phone_number: { number: CALLER_ID },
          customer: { number: "+31612345679" },
        });
      }
      const api = await world.api("GET", `/calls/${callId}`);
      expect(api.body).toMatchObject({ id: callId, type: "outbound", direction: "outbound", status: "ended", caller_phone: "+31612345679", assistant_phone: CALLER_ID, end_reason: "user_hangup" });
    } finally {
      media.close();
    }
  }, 150_000);

  it("refuses an invalid destination with a 422 before dialling, and ends a call the callee answers 486 as busy", async () => {
    const { phone, number } = await callee("callee-busy.xml", { timeoutSeconds: 60 });
    const before = await world.db.call.count();
    const invalid = await dialOut({ destination: "+3112", number_id: number.id });
    expect(invalid.status).toBe(422);
    expect(invalid.body).toMatchObject({ error: { code: "validation_error", param: "destination" } });
    expect(await world.db.call.count()).toBe(before);

    const res = await dialOut({ destination: "+31612345671", number_id: number.id });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const call = await endedCall(res.body.call_id as string, 30_000);
    expect(call).toMatchObject({ status: "ended", endReason: "busy", startedAt: null, callerPhone: "+31612345671" });
    expect(call.error).toMatch(/486/);
    const result = await phone.done;
    expect(result.code, result.output.slice(-800)).toBe(0);
    // The only INVITE the callee ever saw is the valid call's: the invalid one dialled nothing.
    expect(receivedInvites(result.messages)).toBe(1);
    expect(result.messages).toMatch(/^\s*INVITE sip:\+31612345671@/m);
  }, 90_000);

  it("ends a call nobody picks up as no_answer after the ring timeout", async () => {
    const { phone, number } = await callee("callee-no-answer.xml", { timeoutSeconds: 60 });
    const sentAt = Date.now();
    const res = await dialOut({ destination: "+31612345672", number_id: number.id, ring_timeout_seconds: 5 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const callId = res.body.call_id as string;
    await waitFor("the call to ring", async () => (await world.db.call.findFirst({ where: { id: callId } }))?.status === "ringing", 20_000);
    const call = await endedCall(callId, 40_000);
    verbose(`no answer after ${Date.now() - sentAt} ms: ${call.error}`);
    expect(call).toMatchObject({ status: "ended", endReason: "no_answer", startedAt: null });
    expect(Date.now() - sentAt).toBeGreaterThan(5_000);
    const result = await phone.done;
    expect(result.code, result.output.slice(-800)).toBe(0);
  }, 90_000);
});
