// What the telephony tests share: the whole stack (app, jobs, worker, LiveKit with Redis,
// LiveKit SIP) on free ports with the provider fakes, an organisation with a webhook receiver,
// phone audio made with espeak-ng, and sipp placing calls whose media the test holds itself
// (tests/telephony/rtp.ts).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startStack, type Stack } from "../../scripts/lib/stack";
import { findFreePorts } from "../../scripts/lib/ports";
import { startFakes, type Fakes } from "../fakes/start-fakes";
import type { FakeDeepgramOptions } from "../fakes/fake-deepgram";
import type { FakeOpenAIOptions } from "../fakes/fake-openai";
import { startReceiver, type Receiver } from "../integration/webhook-receiver";
import type { PhoneMedia } from "./rtp";
import { freeUdpBlock, runSipp, type SippResult } from "./sipp";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const SPEECH_LEVEL = 0.02;
export const verbose = (m: string) => process.env.TELEPHONY_VERBOSE && console.log(`[telephony] ${m}`);

export interface TelephonyContext {
  dir: string;
  stack: Stack;
  fakes: Fakes;
  receiver: Receiver;
  db: typeof import("../../lib/db").db;
  telephony: {
    createPhoneNumber: typeof import("../../lib/telephony/numbers").createPhoneNumber;
    updatePhoneNumber: typeof import("../../lib/telephony/numbers").updatePhoneNumber;
    createSipTrunk: typeof import("../../lib/telephony/trunks").createSipTrunk;
  };
  org: { id: string; webhookSecret: string };
  /** Creates an assistant of the organisation whose providers are the fakes. */
  createAssistant(fields: { name: string; first_message?: string; system?: string; tools?: unknown[] }): Promise<string>;
  stop(): Promise<void>;
}

/** µ-law audio of `text` (espeak-ng, then sox to 8 kHz µ-law, as sipp and the phone send it). */
export function makePhoneAudio(dir: string, name: string, text: string): Buffer {
  const wav = path.join(dir, `${name}.wav`);
  const ulaw = path.join(dir, `${name}.ulaw`);
  const speak = spawnSync("espeak-ng", ["-w", wav, text]);
  if (speak.status !== 0) throw new Error(`espeak-ng failed: ${speak.stderr}`);
  const convert = spawnSync("sox", [wav, "-r", "8000", "-c", "1", "-t", "ul", ulaw]);
  if (convert.status !== 0) throw new Error(`sox failed: ${convert.stderr}`);
  return readFileSync(ulaw);
}

async function freeRtpRange(): Promise<string> {
  const start = await freeUdpBlock();
  return `${start}-${start + 19}`;
}

export async function startTelephony(opts: { openai?: FakeOpenAIOptions; deepgram?: FakeDeepgramOptions; orgName: string }): Promise<TelephonyContext> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "switchboard-telephony-"));
  const fakes = await startFakes({ openai: opts.openai, deepgram: opts.deepgram });
  const receiver = await startReceiver();
  const [appPort, livekitPort, livekitRtcUdpPort] = await findFreePorts(3);
  const stack = await startStack({
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
  // The domain modules read the stack's environment, so they are loaded once it is up.
  const { db } = await import("../../lib/db");
  const numbers = await import("../../lib/telephony/numbers");
  const trunks = await import("../../lib/telephony/trunks");
  const { encryptSecret } = await import("../../lib/crypto");
  const assistants = await import("../../lib/assistants/assistants");

  const webhookSecret = "whsec-telephony-test";
  const row = await db.organization.create({
    data: { name: opts.orgName, slug: `${opts.orgName.toLowerCase().replace(/\W+/g, "-")}-${Date.now()}`, kind: "client", webhookUrl: receiver.url, webhookSecretEnc: encryptSecret(webhookSecret) },
  });
  const org = { id: row.id, webhookSecret };
  return {
    dir,
    stack,
    fakes,
    receiver,
    db,
    telephony: { createPhoneNumber: numbers.createPhoneNumber, updatePhoneNumber: numbers.updatePhoneNumber, createSipTrunk: trunks.createSipTrunk },
    org,
    async createAssistant(fields) {
      const assistant = await assistants.createAssistant({ organizationId: org.id }, {
        name: fields.name,
        first_message: fields.first_message,
        stt_config: { provider: "deepgram", base_url: fakes.deepgramUrl },
        llm_config: {
          provider: "openai-compatible",
          model: "fake-model",
          base_url: fakes.openaiUrl,
          messages: [{ role: "system", content: fields.system ?? "You answer the phone." }],
          ...(fields.tools ? { tools: fields.tools } : {}),
        },
        tts_config: { provider: "openai", model: "tts-1", voice_id: "alloy", base_url: fakes.openaiUrl },
      } as never);
      return (assistant as { id: string }).id;
    },
    async stop() {
      await stack?.stop();
      await fakes?.stop();
      await receiver?.close();
      if (dir && process.env.TELEPHONY_KEEP_DATA !== "1") rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Calls `number` through LiveKit SIP with sipp (a scenario from tests/telephony/scenarios); the test's PhoneMedia holds the audio. */
export function dial(
  ctx: TelephonyContext,
  number: string,
  opts: {
    media: PhoneMedia;
    holdMs: number;
    timeoutSeconds: number;
    caller: string;
    scenario?: string;
    keys?: Record<string, string | number>;
    auth?: { username: string; password: string };
  },
) {
  return runSipp({
    scenario: opts.scenario ?? "caller-media.xml",
    target: ctx.stack.sipAddress!,
    service: number,
    keys: { caller: opts.caller, phone_media_port: opts.media.port, ...opts.keys },
    pauseMs: opts.holdMs,
    auth: opts.auth,
    audioDir: ctx.dir,
    logDir: path.join(ctx.dir, "sipp"),
    name: number.replace("+", ""),
    timeoutSeconds: opts.timeoutSeconds,
  });
}

/** LiveKit SIP's media address, from the SDP of the 200 OK in sipp's message log. */
export async function answeredMedia(messageFile: string, timeoutMs: number): Promise<{ address: string; port: number }> {
  return waitFor("the 200 OK's SDP", async () => {
    const log = existsSync(messageFile) ? readFileSync(messageFile, "utf8") : "";
    const answer = log.split(/^\s*SIP\/2\.0 /m).find((m) => m.startsWith("200") && /CSeq:\s*\d+ INVITE/.test(m));
    const c = answer?.match(/^\s*c=IN IP4 (\S+)/m);
    const m = answer?.match(/^\s*m=audio (\d+)/m);
    return c && m ? { address: c[1]!, port: Number(m[1]) } : null;
  }, timeoutMs);
}

/** Final responses to the INVITE that sipp received (e.g. ["SIP/2.0 200 OK"]). */
export const finalResponses = (result: SippResult) =>
  // Retransmissions of the same response count once.
  [...new Set([...result.messages.matchAll(/^\s*(SIP\/2\.0 ([2-6]\d\d)[^\r\n]*)[\s\S]*?CSeq:\s*(\d+) INVITE/gm)].map((m) => `${m[1]!.trim()}|${m[3]}`))].map((r) => r.split("|")[0]!);

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
