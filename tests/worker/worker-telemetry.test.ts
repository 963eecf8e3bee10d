// Per-turn timings, provider usage and the call recording, through the real pieces: a LiveKit
// server, the agent worker as its own process, the provider fakes, the internal-API stand-in
// and a headless caller. The recording is decoded with the ffmpeg the agents framework ships.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallConfig } from "../../lib/contract/call-config";
import { ffmpegPath } from "../../agent-worker/recording";
import { concatPcm, silence, speechLike } from "../fakes/audio";
import type { Fakes } from "../fakes/start-fakes";
import { MIC_SAMPLE_RATE, type Caller } from "./harness/caller";
import { FIRST_MESSAGE, makeCallConfig } from "./harness/fixtures";
import type { InternalApiStandIn } from "./harness/internal-api";
import { PLATFORM_KEYS, startWorkerStack, type WorkerStack } from "./harness/stack";

const AGENT = "switchboard-agent-telemetry-test";
const WORKER_SECRET = "worker-secret-for-telemetry-tests";
const LLM_REPLY = "We are open from nine to five, Monday to Friday.";
const USER_UTTERANCE = "What are your opening hours?";

let stack: WorkerStack;
let fakes: Fakes;
let api: InternalApiStandIn;

beforeAll(async () => {
  stack = await startWorkerStack({
    secret: WORKER_SECRET,
    livekitLogName: "livekit-telemetry.log",
    fakes: { openai: { defaultReply: LLM_REPLY }, deepgram: { defaultTranscript: USER_UTTERANCE, apiKey: "dg-test-key" } },
    workers: [{ agentName: AGENT, logName: "worker-telemetry.log", env: PLATFORM_KEYS }],
  });
  ({ fakes, api } = stack);
}, 90_000);

afterAll(async () => {
  await stack?.stop();
}, 30_000);

async function newCall(recording: boolean) {
  const roomName = `call-${randomUUID()}`;
  const config: CallConfig = { ...makeCallConfig({ roomName, openaiUrl: fakes.openaiUrl, deepgramUrl: fakes.deepgramUrl }), recording: { enabled: recording } };
  const caller = await stack.placeCall(config, AGENT);
  return { caller, callId: config.call.id };
}

/** Greeting, one question and its answer, then the caller hangs up. */
async function converse(caller: Caller) {
  await caller.waitForAgentAudio({ timeoutMs: 20_000 });
  await caller.waitForAgentQuiet({ quietMs: 600, timeoutMs: 15_000 });
  const spoken = await caller.speak(concatPcm([silence(300, MIC_SAMPLE_RATE), speechLike(1500, MIC_SAMPLE_RATE), silence(200, MIC_SAMPLE_RATE)]));
  await caller.waitFor(() => fakes.openai.ttsTexts.filter((t) => t === LLM_REPLY).length > 0 || undefined, 15_000, "the reply to be synthesised");
  await caller.waitForAgentAudio({ since: spoken.endedAt, timeoutMs: 10_000 });
  await caller.waitForAgentQuiet({ quietMs: 500, timeoutMs: 15_000 });
  await caller.leave();
}

/** Decodes the recording to 16-bit stereo PCM and measures each channel's loudness. */
function channelLevels(bytes: Buffer) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sb-rec-"));
  try {
    const file = path.join(dir, "call.wav");
    writeFileSync(file, bytes);
    const ffmpeg = ffmpegPath();
    const out = spawnSync(ffmpeg, ["-v", "error", "-i", file, "-f", "s16le", "-ac", "2", "-ar", "48000", "-"], { maxBuffer: 256 * 1024 * 1024 });
    expect(out.status, String(out.stderr)).toBe(0);
    const pcm = new Int16Array(out.stdout.buffer, out.stdout.byteOffset, out.stdout.length / 2);
    const probe = spawnSync(ffmpeg, ["-hide_banner", "-i", file], { encoding: "utf8" });
    // Loudness per 100 ms window and channel.
    const window = 4_800;
    const windows: Array<{ left: number; right: number }> = [];
    for (let start = 0; start + window * 2 <= pcm.length; start += window * 2) {
      let left = 0;
      let right = 0;
      for (let i = start; i < start + window * 2; i += 2) {
        left += pcm[i]! * pcm[i]!;
        right += pcm[i + 1]! * pcm[i + 1]!;
      }
      windows.push({ left: Math.sqrt(left / window), right: Math.sqrt(right / window) });
    }
    return { seconds: pcm.length / 2 / 48_000, windows, info: probe.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("call telemetry and recording (real LiveKit call)", () => {
  it("reports per-turn timings and usage, and uploads a stereo WAV recording (caller left, agent right) before ended", async () => {
    const { caller, callId } = await newCall(true);
    const joinedAt = caller.joinedAt;
    await converse(caller);
    const ended = await api.waitForEvent(callId, "ended", 30_000);
    expect(ended).toMatchObject({ status: "ended", end_reason: "user_hangup", has_recording: true });

    // Two turns: the greeting (TTS only) and the reply (all stages, measured from end of speech).
    const timings = ended.timings ?? [];
    expect(timings).toHaveLength(2);
    const [greeting, reply] = timings;
    expect(greeting).toMatchObject({ turn: 0, stt_final_latency_ms: null, end_of_utterance_delay_ms: null, llm_ttft_ms: null, total_latency_ms: null, tts_characters: FIRST_MESSAGE.length });
    expect(greeting!.tts_ttfb_ms).toBeGreaterThan(0);
    expect(greeting!.tts_ttfb_ms).toBeLessThan(5_000);
    expect(reply!.turn).toBe(1);
    for (const key of ["stt_final_latency_ms", "end_of_utterance_delay_ms", "llm_ttft_ms", "tts_ttfb_ms"] as const) {
      expect(reply![key], key).toBeGreaterThanOrEqual(0);
      expect(reply![key], key).toBeLessThan(5_000);
    }
    // The reply started after the caller stopped, so the total covers LLM first token + TTS first byte.
    expect(reply!.total_latency_ms).toBeGreaterThan(0);
    expect(reply!.total_latency_ms).toBeLessThan(10_000);
    expect(reply!.total_latency_ms!).toBeGreaterThanOrEqual(reply!.llm_ttft_ms! + reply!.tts_ttfb_ms!);
    expect(Date.parse(reply!.started_at!)).toBeGreaterThan(Date.parse(greeting!.started_at!));
    expect(Date.parse(greeting!.started_at!)).toBeGreaterThanOrEqual(joinedAt - 1000);
    expect(reply!.llm_prompt_tokens).toBeGreaterThan(0);
    expect(reply!.llm_completion_tokens).toBeGreaterThan(0);
    expect(reply!.tts_characters).toBe(LLM_REPLY.length);

    // Usage per configured provider: the fake LLM's token counts, the synthesised characters, the audio STT heard.
    const usage = ended.usage!;
    expect(usage.llm).toEqual([{ provider: "openai", model: "gpt-4o-mini", prompt_tokens: reply!.llm_prompt_tokens, completion_tokens: reply!.llm_completion_tokens }]);
    expect(usage.tts).toEqual([{ provider: "openai", model: "tts-1", characters: FIRST_MESSAGE.length + LLM_REPLY.length }]);
    const stt = usage.stt ?? [];
    expect(stt).toHaveLength(1);
    expect(stt[0]).toMatchObject({ provider: "deepgram", model: "nova-3" });
    expect(stt[0]!.audio_seconds).toBeGreaterThan(1);

    // The recording arrived before the ended event, as 16 kHz PCM16 stereo WAV with both voices.
    const recording = api.recordings.get(callId);
    expect(recording?.contentType).toBe("audio/wav");
    expect(recording!.bytes.subarray(0, 4).toString()).toBe("RIFF");
    const levels = channelLevels(recording!.bytes);
    expect(levels.info).toMatch(/pcm_s16le/);
    expect(levels.info).toMatch(/16000 Hz, stereo/);
    expect(levels.seconds).toBeGreaterThan(3);
    // The agent (right) greets first; then the caller (left) speaks while the agent is quiet;
    // then the agent answers. Each voice is on its own channel.
    const LOUD = 300;
    const QUIET = 100;
    const agentOnly = levels.windows.map((w) => w.right > LOUD && w.left < QUIET);
    const callerOnly = levels.windows.map((w) => w.left > LOUD && w.right < QUIET);
    const firstAgent = agentOnly.indexOf(true);
    const firstCaller = callerOnly.indexOf(true);
    expect(firstAgent).toBeGreaterThanOrEqual(0);
    expect(firstCaller).toBeGreaterThan(firstAgent);
    expect(callerOnly.filter(Boolean).length).toBeGreaterThanOrEqual(8); // most of the 1.5 s burst
    expect(agentOnly.slice(firstCaller).some(Boolean)).toBe(true); // the answer, after the question
  }, 90_000);

  it("makes no recording when the call's recording is disabled (gdpr_mode), and still reports timings", async () => {
    const { caller, callId } = await newCall(false);
    await converse(caller);
    const ended = await api.waitForEvent(callId, "ended", 30_000);
    expect(ended).toMatchObject({ status: "ended", has_recording: false });
    expect(api.recordings.has(callId)).toBe(false);
    expect(ended.timings).toHaveLength(2);
  }, 90_000);
});
