// Call recording. The agents framework records the session itself when started with
// `record: { audio: true }`: its RecorderIO taps the caller's audio input and the agent's
// audio output, places both on one timeline and streams them through the bundled ffmpeg
// into `<job session directory>/audio.ogg` — Ogg/Opus, 48 kHz stereo, LEFT = caller,
// RIGHT = agent — written incrementally (bounded memory), and finished before the session's
// close event. Traces/logs/transcript "recording" only uploads to LiveKit Cloud, so those
// stay off. After the session closes the worker converts the file to the configured format
// (WAV by default: PCM16, 16 kHz, same channels), uploads it to the app and deletes it.
import type { log } from "@livekit/agents";
import { spawn } from "node:child_process";
import { openAsBlob } from "node:fs";
import { rm, rmdir, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { AppClient } from "./app-client";

export const RECORDING_FILE = "audio.ogg";
export type RecordingFormat = "wav" | "ogg";
export const CONTENT_TYPES: Record<RecordingFormat, string> = { wav: "audio/wav", ogg: "audio/ogg" };
/** WAV recordings: wideband voice, both parties. */
export const WAV_SAMPLE_RATE = 16_000;

type Logger = ReturnType<typeof log>;

/** The `record` option of `session.start`: local audio only, or nothing. */
export function sessionRecordOptions(enabled: boolean) {
  return enabled ? { audio: true, traces: false, logs: false, transcript: false } : false;
}

/** Where the framework writes the recording of a job (JobContext.sessionDirectory). */
export function recordingPath(sessionDirectory: string): string {
  return path.join(sessionDirectory, RECORDING_FILE);
}

/** The ffmpeg the agents framework uses: LIVEKIT_FFMPEG_PATH (`override`), else its bundled build. */
export function ffmpegPath(override?: string): string {
  if (override) return override;
  try {
    const fromAgents = createRequire(import.meta.resolve("@livekit/agents"));
    const av = fromAgents("@livekit/av") as { getFfmpegPath(): string | null };
    return av.getFfmpegPath() ?? "ffmpeg";
  } catch {
    return "ffmpeg";
  }
}

/** Converts the recorder's Ogg/Opus file to 16-bit PCM WAV (same two channels) next to it. */
export async function convertToWav(oggFile: string, opts: { ffmpeg?: string; timeoutMs?: number } = {}): Promise<string> {
  const wavFile = oggFile.replace(/\.ogg$/, "") + ".wav";
  const args = ["-v", "error", "-y", "-i", oggFile, "-ac", "2", "-ar", String(WAV_SAMPLE_RATE), "-c:a", "pcm_s16le", "-f", "wav", wavFile];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(opts.ffmpeg ?? ffmpegPath(), args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-500)));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 120_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`ffmpeg exited with ${signal ?? code}: ${stderr.trim()}`));
    });
  });
  return wavFile;
}

/**
 * Converts (for `wav`), uploads the finished recording and removes the local files. Resolves
 * true when the app stored it; false when there is nothing to upload or it failed (logged,
 * never thrown: the call's `ended` report must go out regardless).
 */
export async function uploadRecording(opts: {
  app: AppClient;
  callId: string;
  /** The recorder's Ogg/Opus file. */
  file: string;
  format?: RecordingFormat;
  /** LIVEKIT_FFMPEG_PATH, when set. */
  ffmpeg?: string;
  logger: Logger;
  retries?: number;
  timeoutMs?: number;
  convertTimeoutMs?: number;
}): Promise<boolean> {
  const { app, callId, file, logger } = opts;
  const format = opts.format ?? "wav";
  let upload = file;
  try {
    const size = await stat(file).then((s) => s.size, () => -1);
    if (size < 0) {
      logger.info("no recording was made (no audio reached the recorder)");
      return false;
    }
    if (size === 0) {
      logger.warn("recording file is empty, not uploading it");
      return false;
    }
    let uploadFormat: RecordingFormat = "ogg";
    if (format === "wav") {
      // About 3 s per 10 minutes of call. A very long call (or a failing conversion) is
      // uploaded as the recorder's Ogg/Opus instead, so the end-of-call report is not held up.
      try {
        upload = await convertToWav(file, { ffmpeg: ffmpegPath(opts.ffmpeg), timeoutMs: opts.convertTimeoutMs ?? 25_000 });
        uploadFormat = "wav";
      } catch (error) {
        logger.warn({ error: error instanceof Error ? error.message : String(error) }, "WAV conversion failed, uploading the Ogg/Opus recording");
      }
    }
    const audio = await openAsBlob(upload, { type: CONTENT_TYPES[uploadFormat] });
    await app.uploadRecording(callId, audio, { retries: opts.retries ?? 1, timeoutMs: opts.timeoutMs ?? 30_000 });
    logger.info({ bytes: audio.size, format: uploadFormat }, "recording uploaded");
    return true;
  } catch (error) {
    logger.error({ error: error instanceof Error ? error.message : String(error) }, "could not upload the recording");
    return false;
  } finally {
    // The audio is personal data: it never outlives the job on the worker's disk.
    await rm(file, { force: true }).catch(() => {});
    await rm(file.replace(/\.ogg$/, "") + ".wav", { force: true }).catch(() => {});
    await rmdir(path.dirname(file)).catch(() => {});
  }
}
