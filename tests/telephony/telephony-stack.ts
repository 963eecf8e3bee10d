// What every telephony test file shares: the whole stack (app, jobs, worker, LiveKit with
// Redis, LiveKit SIP) on free ports with the provider fakes, an organisation with a webhook
// receiver and an assistant, phone audio made with espeak-ng, and the probes the tests wait
// on (sipp's message log, the database).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startStack, type Stack } from "../../scripts/lib/stack";
import { findFreePorts } from "../../scripts/lib/ports";
import { startFakes, type Fakes } from "../fakes/start-fakes";
import { startReceiver, type Receiver } from "../integration/webhook-receiver";
import type { PhoneMedia } from "./rtp";
import { freeUdpBlock, runSipp, type SippResult } from "./sipp";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const SPEECH_LEVEL = 0.02;
export const verbose = (m: string) => process.env.TELEPHONY_VERBOSE && console.log(`[telephony] ${m}`);

export interface TelephonyWorld {
  dir: string;
  stack: Stack;
  fakes: Fakes;
  receiver: Receiver;
  // The domain modules read the stack's environment, so they are loaded once it is up.
  db: typeof import("../../lib/db").db;
  telephony: {
    createPhoneNumber: typeof import("../../lib/telephony/numbers").createPhoneNumber;
    updatePhoneNumber: typeof import("../../lib/telephony/numbers").updatePhoneNumber;
    createSipTrunk: typeof import("../../lib/telephony/trunks").createSipTrunk;
  };
  org: { id: string; webhookSecret: string };
  /** A full-access API key of the organisation, for the public API of the stack's app. */
  apiKey: string;
  assistantId: string;
  /** POST/GET the stack's public API with the organisation's key. */
  api(method: string, apiPath: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  stop(): Promise<void>;
}

export interface TelephonyWorldOptions {
  firstMessage: string;
  /** What the fake STT hears and the fake LLM answers. */
  heard: string;
  reply: string;
  systemPrompt: string;
  /** LiveKit SIP's RTP ports (default 20): a closed call's port stays reserved ~30 s, so twice the calls per 30 s. */
  rtpPortCount?: number;
}

/** espeak-ng speech as raw 8 kHz µ-law (what sipp and PhoneMedia stream). */
export function makeSpeech(dir: string, name: string, text: string): Buffer {
  const wav = path.join(dir, `${name}.wav`);
  const ulaw = path.join(dir, `${name}.ulaw`);
  const speak = spawnSync("espeak-ng", ["-w", wav, text]);
  if (speak.status !== 0) throw new Error(`espeak-ng failed: ${speak.stderr}`);
  const convert = spawnSync("sox", [wav, "-r", "8000", "-c", "1", "-t", "ul", ulaw]);
  if (convert.status !== 0) throw new Error(`sox failed: ${convert.stderr}`);
  return readFileSync(ulaw);
}

/** `speech` followed by a 1 kHz beep (an answering machine's), as raw 8 kHz µ-law. */
export function withBeep(dir: string, name: string, speech: Buffer, opts: { beepMs: number; gapMs: number }): Buffer {
  const file = path.join(dir, `${name}-beep.ulaw`);
  const beep = spawnSync("sox", ["-n", "-r", "8000", "-c", "1", "-t", "ul", file, "synth", String(opts.beepMs / 1000), "sine", "1000", "vol", "0.5"]);
  if (beep.status !== 0) throw new Error(`sox failed: ${beep.stderr}`);
  const gap = Buffer.alloc(Math.round((opts.gapMs * 8000) / 1000), 0xff); // µ-law silence
  return Buffer.concat([speech, gap, readFileSync(file)]);
}

/** How long µ-law audio plays, in ms. */
export const ulawMs = (ulaw: Buffer) => (ulaw.length / 8000) * 1000;

async function freeRtpRange(count = 20): Promise<string> {
  const start = await freeUdpBlock();
  return `${start}-${start + count - 1}`;
}

export async function startTelephonyWorld(options: TelephonyWorldOptions): Promise<TelephonyWorld> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "switchboard-telephony-"));
  const fakes = await startFakes({ openai: { defaultReply: options.reply }, deepgram: { defaultTranscript: options.heard } });
  const receiver = await startReceiver();
  const [appPort, livekitPort, livekitRtcUdpPort] = await findFreePorts(3);
  const stack = await startStack({
    root: ROOT,
    dataDir: dir,
    appPort: appPort!,
    livekitPort: livekitPort!,
    livekitRtcUdpPort: livekitRtcUdpPort!,
    sip: { port: await freeUdpBlock(), rtpPorts: await freeRtpRange(options.rtpPortCount), required: true },
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
  const { db } = await import("../../lib/db");
  const numbers = await import("../../lib/telephony/numbers");
  const trunks = await import("../../lib/telephony/trunks");
  const { encryptSecret } = await import("../../lib/crypto");
  const { createAssistant } = await import("../../lib/assistants/assistants");
  const { createApiKey } = await import("../../lib/api-keys/api-keys");

  const webhookSecret = "whsec-telephony-test";
  const row = await db.organization.create({
    data: { name: "Bakery", slug: `bakery-${Date.now()}`, kind: "client", webhookUrl: receiver.url, webhookSecretEnc: encryptSecret(webhookSecret) },
  });
  const scope = { organizationId: row.id };
  const assistant = await createAssistant(scope, {
    name: "Bakery line",
    first_message: options.firstMessage,
    stt_config: { provider: "deepgram", base_url: fakes.deepgramUrl },
    llm_config: {
      provider: "openai-compatible",
      model: "fake-model",
      base_url: fakes.openaiUrl,
      messages: [{ role: "system", content: options.systemPrompt }],
    },
    tts_config: { provider: "openai", model: "tts-1", voice_id: "alloy", base_url: fakes.openaiUrl },
  } as never);
  const { key } = await createApiKey(scope, { name: "telephony tests" });

  return {
    dir,
    stack,
    fakes,
    receiver,
    db,
    telephony: { createPhoneNumber: numbers.createPhoneNumber, updatePhoneNumber: numbers.updatePhoneNumber, createSipTrunk: trunks.createSipTrunk },
    org: { id: row.id, webhookSecret },
    apiKey: key,
    assistantId: (assistant as { id: string }).id,
    async api(method, apiPath, body) {
      const res = await fetch(`${stack.appUrl}/api/v1${apiPath}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
    },
    async stop() {
      await stack.stop();
      await fakes.stop();
      await receiver.close();
      if (process.env.TELEPHONY_KEEP_DATA !== "1") rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The media address in the SDP of the first message of sipp's log that `pick` selects. */
async function mediaOf(messageFile: string, what: string, pick: (messages: string) => string | undefined, timeoutMs: number) {
  return waitFor(what, async () => {
    const log = existsSync(messageFile) ? readFileSync(messageFile, "utf8") : "";
    const message = pick(log);
    const c = message?.match(/^\s*c=IN IP4 (\S+)/m);
    const m = message?.match(/^\s*m=audio (\d+)/m);
    return c && m ? { address: c[1]!, port: Number(m[1]) } : null;
  }, timeoutMs);
}

/** LiveKit SIP's media address, from the SDP of the 200 OK in sipp's message log (sipp called). */
export const answeredMedia = (messageFile: string, timeoutMs: number) =>
  mediaOf(messageFile, "the 200 OK's SDP", (log) => log.split(/^\s*SIP\/2\.0 /m).find((m) => m.startsWith("200") && /CSeq:\s*\d+ INVITE/.test(m)), timeoutMs);

/** LiveKit SIP's media address, from the SDP of the INVITE in sipp's message log (sipp was called). */
export const offeredMedia = (messageFile: string, timeoutMs: number) =>
  mediaOf(messageFile, "the INVITE's SDP", (log) => log.split(/^\s*(?=INVITE sip:)/m).find((m) => m.startsWith("INVITE sip:"))?.split(/^-{5,}/m)[0], timeoutMs);

/** Final responses to the INVITE that sipp received (e.g. ["SIP/2.0 200 OK"]). */
export const finalResponses = (result: SippResult) =>
  // Retransmissions of the same response count once.
  [...new Set([...result.messages.matchAll(/^\s*(SIP\/2\.0 ([2-6]\d\d)[^\r\n]*)[\s\S]*?CSeq:\s*(\d+) INVITE/gm)].map((m) => `${m[1]!.trim()}|${m[3]}`))].map((r) => r.split("|")[0]!);

/** The INVITEs sipp received (a callee's log). */
export const receivedInvites = (messages: string) => (messages.match(/^\s*INVITE sip:/gm) ?? []).length;

let calleeNumbers = 0;

/**
 * A sipp callee running `scenario` (tests/telephony/scenarios), with the test's `media` socket
 * as its audio when given, and a caller-ID number (of `assistantId`) whose trunk dials it.
 */
export async function startCallee(
  world: TelephonyWorld,
  scenario: string,
  opts: { media?: PhoneMedia; pauseMs?: number; timeoutSeconds: number; assistantId?: string; numberPrefix?: string },
) {
  const phone = await runSipp({
    scenario,
    keys: opts.media ? { phone_media_port: opts.media.port } : {},
    pauseMs: opts.pauseMs,
    audioDir: world.dir,
    logDir: path.join(world.dir, "sipp"),
    name: `${scenario.replace(".xml", "")}-${calleeNumbers}`,
    timeoutSeconds: opts.timeoutSeconds,
  });
  const scope = { organizationId: world.org.id };
  const trunk = await world.telephony.createSipTrunk(scope, { name: `Carrier ${scenario} ${calleeNumbers}`, outboundAddress: `127.0.0.1:${phone.sipPort}`, transport: "udp" } as never);
  const phoneNumber = `${opts.numberPrefix ?? "+3120765"}${String(calleeNumbers++).padStart(4, "0")}`;
  const number = await world.telephony.createPhoneNumber(scope, { phone_number: phoneNumber, assistant_id: opts.assistantId ?? world.assistantId, transfer_trunk_id: trunk.id } as never);
  return { phone, number };
}

/** The call's row once it has ended (or failed). */
export const endedCall = (world: TelephonyWorld, id: string, timeoutMs: number) =>
  waitFor("the call to end", async () => {
    const row = await world.db.call.findFirst({ where: { id } });
    return row && (row.status === "ended" || row.status === "failed") ? row : null;
  }, timeoutMs);
