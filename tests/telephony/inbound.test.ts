// Inbound phone calls end to end: the whole stack (app, jobs, worker, LiveKit with Redis,
// LiveKit SIP) on free ports with the provider fakes, and sipp as the phone. The test holds
// the phone's audio itself (tests/telephony/rtp.ts), so it hears what the agent says.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PhoneMedia } from "./rtp";
import { freeUdpBlock, runSipp } from "./sipp";
import { answeredMedia, finalResponses, makeSpeech, SPEECH_LEVEL, startTelephonyWorld, verbose, waitFor, type TelephonyWorld } from "./telephony-stack";

const FIRST_MESSAGE = "Thank you for calling the bakery, how can I help?";
const CALLER_SAYS = "What time do you open tomorrow?";
const AGENT_REPLY = "We open at nine in the morning.";
const CALLER = "+31612345678";

let world: TelephonyWorld;
let callerUlaw: Buffer;

beforeAll(async () => {
  world = await startTelephonyWorld({
    firstMessage: FIRST_MESSAGE,
    heard: CALLER_SAYS,
    reply: AGENT_REPLY,
    systemPrompt: "You answer the bakery's phone. The caller's number is {{customer.number}}.",
  });
  callerUlaw = makeSpeech(world.dir, "caller", CALLER_SAYS);
}, 600_000);

afterAll(async () => {
  await world?.stop();
});

async function dial(number: string, opts: { media: PhoneMedia; holdMs: number; timeoutSeconds: number; auth?: { username: string; password: string } }) {
  return runSipp({
    scenario: "caller-media.xml",
    target: world.stack.sipAddress!,
    service: number,
    keys: { caller: CALLER, phone_media_port: opts.media.port },
    pauseMs: opts.holdMs,
    auth: opts.auth,
    audioDir: world.dir,
    logDir: path.join(world.dir, "sipp"),
    name: number.replace("+", ""),
    timeoutSeconds: opts.timeoutSeconds,
  });
}

describe("inbound phone calls through LiveKit SIP", () => {
  it("the agent answers a registered number with its first message, hears the caller and replies; the call is recorded as inbound and reported", async () => {
    const number = await world.telephony.createPhoneNumber({ organizationId: world.org.id }, { phone_number: "+31201234567", assistant_id: world.assistantId } as never);
    const media = await PhoneMedia.open(await freeUdpBlock());
    try {
      // The caller stays on the line 30 s after the answer, then hangs up (BYE).
      const phone = await dial(number.phone_number, { media, holdMs: 30_000, timeoutSeconds: 90 });
      const hungUp = phone.done;
      media.connect(await answeredMedia(phone.messageFile, 20_000));
      // The greeting, then quiet: the caller speaks once the agent has finished.
      const greetedAt = await media.waitForSpeech({ since: 0, level: SPEECH_LEVEL, count: 10 });
      const quietAt = await media.waitForQuiet({ since: greetedAt, level: SPEECH_LEVEL, count: 25 });
      const greetingPackets = media.packetsAbove(SPEECH_LEVEL, 0, quietAt);
      verbose(`greeting heard: ${greetingPackets} loud packets, quiet after ${quietAt - greetedAt} ms`);
      const spokeAt = Date.now();
      media.speak(callerUlaw);
      const speechEndsAt = spokeAt + (callerUlaw.length / 8000) * 1000;
      // The reply: speech from the agent after the caller's speech has ended.
      const repliedAt = await media.waitForSpeech({ since: speechEndsAt, level: SPEECH_LEVEL, count: 10 });
      verbose(`reply heard ${repliedAt - speechEndsAt} ms after the caller stopped`);
      expect(greetingPackets).toBeGreaterThan(25);
      expect(world.fakes.deepgram.transcripts.map((t) => t.transcript)).toContain(CALLER_SAYS);
      expect(repliedAt).toBeGreaterThan(speechEndsAt);

      const result = await hungUp;
      expect(result.code, result.output).toBe(0);
      expect(finalResponses(result)).toEqual([expect.stringMatching(/^SIP\/2\.0 200/)]);

      const call = await waitFor("the call to end", async () => {
        const row = await world.db.call.findFirst({ where: { numberId: number.id } });
        return row && (row.status === "ended" || row.status === "failed") ? row : null;
      }, 30_000);
      expect(call).toMatchObject({ status: "ended", type: "inbound", callerPhone: CALLER, assistantPhone: "+31201234567", assistantId: world.assistantId, endReason: "user_hangup" });
      const transcript = call.transcript as { role: string; content: string }[];
      expect(transcript.filter((t) => t.role === "assistant").map((t) => t.content)).toEqual(expect.arrayContaining([FIRST_MESSAGE, AGENT_REPLY]));
      expect(transcript.filter((t) => t.role === "user").map((t) => t.content)).toContain(CALLER_SAYS);

      // The webhooks went out signed, with the phone fields filled.
      const { verifyWebhookSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } = await import("../../lib/contract/webhook-signature");
      const ofCall = () => world.receiver.requests.filter((r) => (r.json.message.call as { id?: string } | undefined)?.id === call.id);
      await waitFor("the end-of-call report", async () => ofCall().some((r) => r.json.message.type === "end-of-call-report"), 30_000);
      const events = ofCall();
      expect(events.map((r) => r.json.message.type)).toEqual(expect.arrayContaining(["status-update", "end-of-call-report"]));
      for (const request of events) {
        const signature = request.headers[SIGNATURE_HEADER] as string | undefined;
        const timestamp = request.headers[TIMESTAMP_HEADER] as string | undefined;
        expect(verifyWebhookSignature({ secret: world.org.webhookSecret, rawBody: request.rawBody, signature, timestamp })).toBe(true);
        expect(request.json.message).toMatchObject({
          call: { id: call.id, type: "inbound_phone_call" },
          phone_number: { number: "+31201234567" },
          customer: { number: CALLER },
        });
      }
    } finally {
      media.close();
    }
  }, 150_000);

  it("refuses an inactive number and an unknown one at once (a final error response, never left ringing)", async () => {
    const inactive = await world.telephony.createPhoneNumber({ organizationId: world.org.id }, { phone_number: "+31201234568", assistant_id: world.assistantId, is_active: false } as never);
    for (const dialled of [inactive.phone_number, "+31209999999"]) {
      const media = await PhoneMedia.open(await freeUdpBlock());
      try {
        const started = Date.now();
        const phone = await dial(dialled, { media, holdMs: 1_000, timeoutSeconds: 20 });
        const result = await phone.done;
        const responses = finalResponses(result);
        expect(responses, `${dialled}: ${result.output.slice(-500)}`).toHaveLength(1);
        expect(responses[0]).toMatch(/^SIP\/2\.0 [4-6]\d\d/);
        expect(result.code).not.toBe(0);
        expect(Date.now() - started).toBeLessThan(15_000);
        expect(media.packetsAbove(SPEECH_LEVEL)).toBe(0);
      } finally {
        media.close();
      }
    }
    expect(await world.db.call.count({ where: { numberId: inactive.id } })).toBe(0);
  }, 90_000);

  it("refuses a caller with wrong credentials on a number whose trunk has them", async () => {
    const trunk = await world.telephony.createSipTrunk({ organizationId: world.org.id }, { name: "Provider", inboundAddresses: ["127.0.0.1/32"], authUsername: "bakery", authPassword: "right-secret" } as never);
    const number = await world.telephony.createPhoneNumber({ organizationId: world.org.id }, { phone_number: "+31201234569", assistant_id: world.assistantId, transfer_trunk_id: trunk.id } as never);
    const media = await PhoneMedia.open(await freeUdpBlock());
    try {
      const phone = await dial(number.phone_number, { media, holdMs: 1_000, timeoutSeconds: 20, auth: { username: "bakery", password: "wrong-secret" } });
      const result = await phone.done;
      expect(result.code).not.toBe(0);
      const responses = finalResponses(result);
      expect(responses.length, result.output.slice(-500)).toBeGreaterThan(0);
      expect(responses.every((r) => /^SIP\/2\.0 [4-6]\d\d/.test(r))).toBe(true);
      expect(media.packetsAbove(SPEECH_LEVEL)).toBe(0);
      expect(await world.db.call.count({ where: { numberId: number.id } })).toBe(0);
    } finally {
      media.close();
    }
  }, 60_000);
});
