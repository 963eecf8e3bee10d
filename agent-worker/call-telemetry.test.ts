import { initializeLogger, log } from "@livekit/agents";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppApiError, type AppClient, type CallEvent } from "./app-client";
import { CallReporter } from "./call/reporter";
import { ffmpegPath, recordingPath, sessionRecordOptions, uploadRecording } from "./recording";
import { TranscriptCollector } from "./transcript";

initializeLogger({ pretty: false, level: "silent" });

function fakeApp(opts: { failUpload?: Error } = {}) {
  const posts: CallEvent[] = [];
  const uploads: Array<{ callId: string; type: string; bytes: Buffer }> = [];
  const app: AppClient = {
    getCallConfig: () => Promise.reject(new Error("unused")),
    startInboundCall: () => Promise.reject(new Error("unused")),
    transferCall: () => Promise.reject(new Error("unused")),
    async postCallEvent(_callId, event) {
      posts.push(event);
    },
    async uploadRecording(callId, audio) {
      if (opts.failUpload) throw opts.failUpload;
      uploads.push({ callId, type: audio.type, bytes: Buffer.from(await audio.arrayBuffer()) });
    },
  };
  return { app, posts, uploads };
}

describe("CallReporter end-of-call details", () => {
  it("merges the details into the ended event", async () => {
    const { app, posts } = fakeApp();
    const reporter = new CallReporter("call-1", app, new TranscriptCollector(), log());
    reporter.addEndedDetails(async () => ({
      timings: [{ turn: 0, started_at: null, stt_final_latency_ms: null, end_of_utterance_delay_ms: null, llm_ttft_ms: null, tts_ttfb_ms: 120, total_latency_ms: null, llm_prompt_tokens: 0, llm_completion_tokens: 0, tts_characters: 5 }],
      usage: { stt: [], llm: [], tts: [{ provider: "openai", model: "tts-1", characters: 5 }] },
      has_recording: true,
    }));
    await reporter.end({ status: "ended", endReason: "user_hangup" });
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ type: "ended", has_recording: true, usage: { tts: [{ characters: 5 }] }, timings: [{ tts_ttfb_ms: 120 }] });
  });

  it("still posts the ended event when gathering details fails", async () => {
    const { app, posts } = fakeApp();
    const reporter = new CallReporter("call-1", app, new TranscriptCollector(), log());
    reporter.addEndedDetails(() => Promise.reject(new Error("boom")));
    await reporter.end({ status: "ended", endReason: "user_hangup" });
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ type: "ended", end_reason: "user_hangup" });
    expect((posts[0] as { has_recording?: boolean }).has_recording).toBeUndefined();
  });
});

describe("recording upload", () => {
  const dir = () => mkdtempSync(path.join(os.tmpdir(), "sb-rec-test-"));

  it("records audio only (nothing goes to LiveKit Cloud), or not at all", () => {
    expect(sessionRecordOptions(true)).toEqual({ audio: true, traces: false, logs: false, transcript: false });
    expect(sessionRecordOptions(false)).toBe(false);
  });

  it("uploads the recorder's file as audio/ogg when so configured, then deletes it", async () => {
    const { app, uploads } = fakeApp();
    const file = recordingPath(dir());
    writeFileSync(file, Buffer.from("OggS fake opus pages"));
    expect(await uploadRecording({ app, callId: "c1", file, format: "ogg", logger: log() })).toBe(true);
    expect(uploads).toEqual([{ callId: "c1", type: "audio/ogg", bytes: Buffer.from("OggS fake opus pages") }]);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(path.dirname(file))).toBe(false);
  });

  it("reports false (and still deletes the file) when the upload fails or there is nothing to upload", async () => {
    const { app } = fakeApp({ failUpload: new AppApiError("PUT answered 409", 409) });
    const file = recordingPath(dir());
    writeFileSync(file, "x");
    expect(await uploadRecording({ app, callId: "c1", file, format: "ogg", logger: log() })).toBe(false);
    expect(existsSync(file)).toBe(false);
    expect(await uploadRecording({ app, callId: "c1", file: recordingPath(dir()), logger: log() })).toBe(false);
    const empty = recordingPath(dir());
    writeFileSync(empty, "");
    expect(await uploadRecording({ app, callId: "c1", file: empty, logger: log() })).toBe(false);
  });
});

describe("WAV recordings", () => {
  it("converts the recorder's Ogg/Opus stereo to 16 kHz PCM16 stereo WAV, keeping each channel's audio", async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), "sb-rec-wav-"));
    const ogg = recordingPath(folder);
    // One second of 48 kHz stereo like the recorder makes: a tone on the left, silence on the right.
    const pcm = new Int16Array(48_000 * 2);
    for (let i = 0; i < 48_000; i++) pcm[i * 2] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 48_000));
    const encoded = spawnSync(ffmpegPath(), ["-v", "error", "-f", "s16le", "-ar", "48000", "-ac", "2", "-i", "pipe:0", "-c:a", "libopus", "-f", "ogg", ogg], {
      input: Buffer.from(pcm.buffer),
    });
    expect(encoded.status, String(encoded.stderr)).toBe(0);

    const { app, uploads } = fakeApp();
    expect(await uploadRecording({ app, callId: "c-wav", file: ogg, logger: log() })).toBe(true);
    const [upload] = uploads;
    expect(upload?.type).toBe("audio/wav");
    const wav = upload!.bytes;
    expect(wav.subarray(0, 4).toString("latin1")).toBe("RIFF");
    expect(wav.subarray(8, 12).toString("latin1")).toBe("WAVE");
    expect(wav.readUInt16LE(20)).toBe(1); // PCM
    expect(wav.readUInt16LE(22)).toBe(2); // stereo
    expect(wav.readUInt32LE(24)).toBe(16_000);
    expect(wav.readUInt16LE(34)).toBe(16);
    const data = wav.indexOf("data", 36, "latin1") + 8;
    let left = 0;
    let right = 0;
    for (let i = data; i + 3 < wav.length; i += 4) {
      left = Math.max(left, Math.abs(wav.readInt16LE(i)));
      right = Math.max(right, Math.abs(wav.readInt16LE(i + 2)));
    }
    expect(left).toBeGreaterThan(4000);
    expect(right).toBeLessThan(500);
    expect(existsSync(ogg)).toBe(false);
    expect(existsSync(folder)).toBe(false);
  });

  it("uploads the Ogg/Opus original when the WAV conversion fails", async () => {
    const { app, uploads } = fakeApp();
    const file = recordingPath(mkdtempSync(path.join(os.tmpdir(), "sb-rec-bad-")));
    writeFileSync(file, Buffer.from("OggS but not really"));
    expect(await uploadRecording({ app, callId: "c-bad", file, logger: log() })).toBe(true);
    expect(uploads).toEqual([{ callId: "c-bad", type: "audio/ogg", bytes: Buffer.from("OggS but not really") }]);
    expect(existsSync(path.dirname(file))).toBe(false);
  });
});

describe("app client: recording upload", () => {
  it("PUTs the audio with the worker secret, its content type and length", async () => {
    const { startInternalApi } = await import("../tests/worker/harness/internal-api");
    const { createAppClient } = await import("./app-client");
    const api = await startInternalApi({ secret: "s3cret" });
    try {
      const app = createAppClient({ appUrl: api.url, workerSecret: "s3cret" });
      await app.uploadRecording("call-rec", new Blob([Buffer.from("OggS-bytes")], { type: "audio/ogg" }));
      expect(api.recordings.get("call-rec")).toEqual({ contentType: "audio/ogg", bytes: Buffer.from("OggS-bytes") });

      const wrong = createAppClient({ appUrl: api.url, workerSecret: "nope", retryDelayMs: () => 1 });
      await expect(wrong.uploadRecording("call-x", new Blob(["x"], { type: "audio/ogg" }), { retries: 2 })).rejects.toMatchObject({ status: 401 });
      expect(api.recordings.has("call-x")).toBe(false);
    } finally {
      await api.close();
    }
  });
});
