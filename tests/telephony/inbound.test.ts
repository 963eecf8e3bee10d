// Inbound phone calls end to end: the whole stack (app, jobs, worker, LiveKit with Redis,
// LiveKit SIP) on free ports with the provider fakes, and sipp as the phone. The test holds
// the phone's audio itself (tests/telephony/rtp.ts), so it hears what the agent says.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "../../scripts/lib/stack";
import { findFreePorts } from "../../scripts/lib/ports";
import { startFakes, type Fakes } from "../fakes/start-fakes";
import { startReceiver, type Receiver } from "../integration/webhook-receiver";
import { PhoneMedia } from "./rtp";
import { freeUdpBlock, runSipp, type SippResult } from "./sipp";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIRST_MESSAGE = "Thank you for calling the bakery, how can I help?";
const CALLER_SAYS = "What time do you open tomorrow?";
const AGENT_REPLY = "We open at nine in the morning.";
const CALLER = "+31612345678";
const SPEECH_LEVEL = 0.02;
const verbose = (m: string) => process.env.TELEPHONY_VERBOSE && console.log(`[telephony] ${m}`);

let dir: string;
let stack: Stack;
let fakes: Fakes;
let receiver: Receiver;
let callerUlaw: Buffer;
// The domain modules read the stack's environment, so they are loaded once it is up.
let db: typeof import("../../lib/db").db;
let telephony: {
  createPhoneNumber: typeof import("../../lib/telephony/numbers").createPhoneNumber;
  updatePhoneNumber: typeof import("../../lib/telephony/numbers").updatePhoneNumber;
  createSipTrunk: typeof import("../../lib/telephony/trunks").createSipTrunk;
};
let org: { id: string; webhookSecret: string };
let assistantId: string;

function makeCallerAudio(): Buffer {
  const wav = path.join(dir, "caller.wav");
  const ulaw = path.join(dir, "caller.ulaw");
  const speak = spawnSync("espeak-ng", ["-w", wav, CALLER_SAYS]);
  if (speak.status !== 0) throw new Error(`espeak-ng failed: ${speak.stderr}`);
  const convert = spawnSync("sox", [wav, "-r", "8000", "-c", "1", "-t", "ul", ulaw]);
  if (convert.status !== 0) throw new Error(`sox failed: ${convert.stderr}`);
  return readFileSync(ulaw);
}

async function freeRtpRange(): Promise<string> {
  const start = await freeUdpBlock();
  return `${start}-${start + 19}`;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "switchboard-telephony-"));
  callerUlaw = makeCallerAudio();
  fakes = await startFakes({ openai: { defaultReply: AGENT_REPLY }, deepgram: { defaultTranscript: CALLER_SAYS } });
  receiver = await startReceiver();
  const [appPort, livekitPort, livekitRtcUdpPort] = await findFreePorts(3);
  stack = await startStack({
    root: ROOT,
    dataDir: dir,
    appPort: appPort!,
    livekitPort: livekitPort!,
    livekitRtcUdpPort: livekitRtcUdpPort!,
    sip: { port: await freeUdpBlock(), rtpPorts: await freeRtpRange(), required: true },
    seed: false,
    logs: process.env.TELEPHONY_VERBOSE ? "inherit" : "quiet",
    env: {
      DATABASE_URL: undefined,
      LIVEKIT_URL: undefined,
      DEEPGRAM_API_KEY: "fake-deepgram-key",
      OPENAI_API_KEY: "fake-openai-key",
      OPENAI_BASE_URL: fakes.openaiUrl,
      DEEPGRAM_BASE_URL: fakes.deepgramUrl,
      AGENT_JOIN_TIMEOUT_SECONDS: "20",
    },
    log: verbose,
  });
  Object.assign(process.env, stack.env, { LIVEKIT_URL: stack.livekitUrl });
  ({ db } = await import("../../lib/db"));
  const numbers = await import("../../lib/telephony/numbers");
  const trunks = await import("../../lib/telephony/trunks");
  telephony = { createPhoneNumber: numbers.createPhoneNumber, updatePhoneNumber: numbers.updatePhoneNumber, createSipTrunk: trunks.createSipTrunk };
  const { encryptSecret } = await import("../../lib/crypto");
  const { createAssistant } = await import("../../lib/assistants/assistants");

  const webhookSecret = "whsec-telephony-test";
  const row = await db.organization.create({
    data: { name: "Bakery", slug: `bakery-${Date.now()}`, kind: "client", webhookUrl: receiver.url, webhookSecretEnc: encryptSecret(webhookSecret) },
  });
  org = { id: row.id, webhookSecret };
  const assistant = await createAssistant({ organizationId: org.id }, {
    name: "Bakery line",
    first_message: FIRST_MESSAGE,
    stt_config: { provider: "deepgram", base_url: fakes.deepgramUrl },
    llm_config: {
      provider: "openai-compatible",
      model: "fake-model",
      base_url: fakes.openaiUrl,
      messages: [{ role: "system", content: "You answer the bakery's phone. The caller's number is {{customer.number}}." }],
    },
    tts_config: { provider: "openai", model: "tts-1", voice_id: "alloy", base_url: fakes.openaiUrl },
  } as never);
  assistantId = (assistant as { id: string }).id;
}, 600_000);

afterAll(async () => {
  await stack?.stop();
  await fakes?.stop();
  await receiver?.close();
  if (dir && process.env.TELEPHONY_KEEP_DATA !== "1") rmSync(dir, { recursive: true, force: true });
});

async function dial(number: string, opts: { media: PhoneMedia; holdMs: number; timeoutSeconds: number; auth?: { username: string; password: string } }) {
  return runSipp({
    scenario: "caller-media.xml",
    target: stack.sipAddress!,
    service: number,
    keys: { caller: CALLER, phone_media_port: opts.media.port },
    pauseMs: opts.holdMs,
    auth: opts.auth,
    audioDir: dir,
    logDir: path.join(dir, "sipp"),
    name: number.replace("+", ""),
    timeoutSeconds: opts.timeoutSeconds,
  });
}

/** LiveKit SIP's media address, from the SDP of the 200 OK in sipp's message log. */
async function answeredMedia(messageFile: string, timeoutMs: number): Promise<{ address: string; port: number }> {
  return waitFor("the 200 OK's SDP", async () => {
    const log = existsSync(messageFile) ? readFileSync(messageFile, "utf8") : "";
    const answer = log.split(/^\s*SIP\/2\.0 /m).find((m) => m.startsWith("200") && /CSeq:\s*\d+ INVITE/.test(m));
    const c = answer?.match(/^\s*c=IN IP4 (\S+)/m);
    const m = answer?.match(/^\s*m=audio (\d+)/m);
    return c && m ? { address: c[1]!, port: Number(m[1]) } : null;
  }, timeoutMs);
}

/** Final responses to the INVITE that sipp received (e.g. ["SIP/2.0 200 OK"]). */
const finalResponses = (result: SippResult) =>
  // Retransmissions of the same response count once.
  [...new Set([...result.messages.matchAll(/^\s*(SIP\/2\.0 ([2-6]\d\d)[^\r\n]*)[\s\S]*?CSeq:\s*(\d+) INVITE/gm)].map((m) => `${m[1]!.trim()}|${m[3]}`))].map((r) => r.split("|")[0]!);

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("inbound phone calls through LiveKit SIP", () => {
  it("the agent answers a registered number with its first message, hears the caller and replies; the call is recorded as inbound and reported", async () => {
    const number = await telephony.createPhoneNumber({ organizationId: org.id }, { phone_number: "+31201234567", assistant_id: assistantId } as never);
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
      expect(fakes.deepgram.transcripts.map((t) => t.transcript)).toContain(CALLER_SAYS);
      expect(repliedAt).toBeGreaterThan(speechEndsAt);

      const result = await hungUp;
      expect(result.code, result.output).toBe(0);
      expect(finalResponses(result)).toEqual([expect.stringMatching(/^SIP\/2\.0 200/)]);

      const call = await waitFor("the call to end", async () => {
        const row = await db.call.findFirst({ where: { numberId: number.id } });
        return row && (row.status === "ended" || row.status === "failed") ? row : null;
      }, 30_000);
      expect(call).toMatchObject({ status: "ended", type: "inbound", callerPhone: CALLER, assistantPhone: "+31201234567", assistantId, endReason: "user_hangup" });
      const transcript = call.transcript as { role: string; content: string }[];
      expect(transcript.filter((t) => t.role === "assistant").map((t) => t.content)).toEqual(expect.arrayContaining([FIRST_MESSAGE, AGENT_REPLY]));
      expect(transcript.filter((t) => t.role === "user").map((t) => t.content)).toContain(CALLER_SAYS);

      // The webhooks went out signed, with the phone fields filled.
      const { verifyWebhookSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } = await import("../../lib/contract/webhook-signature");
      const ofCall = () => receiver.requests.filter((r) => (r.json.message.call as { id?: string } | undefined)?.id === call.id);
      await waitFor("the end-of-call report", async () => ofCall().some((r) => r.json.message.type === "end-of-call-report"), 30_000);
      const events = ofCall();
      expect(events.map((r) => r.json.message.type)).toEqual(expect.arrayContaining(["status-update", "end-of-call-report"]));
      for (const request of events) {
        const signature = request.headers[SIGNATURE_HEADER] as string | undefined;
        const timestamp = request.headers[TIMESTAMP_HEADER] as string | undefined;
        expect(verifyWebhookSignature({ secret: org.webhookSecret, rawBody: request.rawBody, signature, timestamp })).toBe(true);
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
    const inactive = await telephony.createPhoneNumber({ organizationId: org.id }, { phone_number: "+31201234568", assistant_id: assistantId, is_active: false } as never);
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
    expect(await db.call.count({ where: { numberId: inactive.id } })).toBe(0);
  }, 90_000);

  it("refuses a caller with wrong credentials on a number whose trunk has them", async () => {
    const trunk = await telephony.createSipTrunk({ organizationId: org.id }, { name: "Provider", inboundAddresses: ["127.0.0.1/32"], authUsername: "bakery", authPassword: "right-secret" } as never);
    const number = await telephony.createPhoneNumber({ organizationId: org.id }, { phone_number: "+31201234569", assistant_id: assistantId, transfer_trunk_id: trunk.id } as never);
    const media = await PhoneMedia.open(await freeUdpBlock());
    try {
      const phone = await dial(number.phone_number, { media, holdMs: 1_000, timeoutSeconds: 20, auth: { username: "bakery", password: "wrong-secret" } });
      const result = await phone.done;
      expect(result.code).not.toBe(0);
      const responses = finalResponses(result);
      expect(responses.length, result.output.slice(-500)).toBeGreaterThan(0);
      expect(responses.every((r) => /^SIP\/2\.0 [4-6]\d\d/.test(r))).toBe(true);
      expect(media.packetsAbove(SPEECH_LEVEL)).toBe(0);
      expect(await db.call.count({ where: { numberId: number.id } })).toBe(0);
    } finally {
      media.close();
    }
  }, 60_000);
});
