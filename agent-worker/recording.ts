// Call recording. The agents framework records the session itself when started with
// `record: { audio: true }`: its RecorderIO taps the caller's audio input and the agent's
// audio output, places both on one timeline and streams them through the bundled ffmpeg
// into `<job session directory>/audio.ogg` — Ogg/Opus, 48 kHz stereo, LEFT = caller,
// RIGHT = agent — written incrementally (bounded memory), and finished before the session's
// close event. Traces/logs/transcript "recording" only uploads to LiveKit Cloud, so those
// stay off. After the session closes the worker uploads the file to the app and deletes it.
import type { log } from "@livekit/agents";
import { openAsBlob } from "node:fs";
import { rm, rmdir, stat } from "node:fs/promises";
import path from "node:path";
import type { AppClient } from "./app-client";

export const RECORDING_FILE = "audio.ogg";
export const RECORDING_CONTENT_TYPE = "audio/ogg";

type Logger = ReturnType<typeof log>;

/** The `record` option of `session.start`: local audio only, or nothing. */
export function sessionRecordOptions(enabled: boolean) {
  return enabled ? { audio: true, traces: false, logs: false, transcript: false } : false;
}

/** Where the framework writes the recording of a job (JobContext.sessionDirectory). */
export function recordingPath(sessionDirectory: string): string {
  return path.join(sessionDirectory, RECORDING_FILE);
}

/**
 * Uploads the finished recording and removes the local file. Resolves true when the app
 * stored it; false when there is nothing to upload or the upload failed (logged, never thrown:
 * the call's `ended` report must go out regardless).
 */
export async function uploadRecording(opts: {
  app: AppClient;
  callId: string;
  file: string;
  logger: Logger;
  retries?: number;
  timeoutMs?: number;
}): Promise<boolean> {
  const { app, callId, file, logger } = opts;
  let size = 0;
  try {
    size = (await stat(file)).size;
  } catch {
    logger.info("no recording was made (no audio reached the recorder)");
    return false;
  }
  try {
    if (size === 0) {
      logger.warn("recording file is empty, not uploading it");
      return false;
    }
    const audio = await openAsBlob(file, { type: RECORDING_CONTENT_TYPE });
    await app.uploadRecording(callId, audio, { retries: opts.retries ?? 1, timeoutMs: opts.timeoutMs ?? 20_000 });
    logger.info({ bytes: size }, "recording uploaded");
    return true;
  } catch (error) {
    logger.error({ error: error instanceof Error ? error.message : String(error), bytes: size }, "could not upload the recording");
    return false;
  } finally {
    // The audio is personal data: it never outlives the job on the worker's disk.
    await rm(file, { force: true }).catch(() => {});
    await rmdir(path.dirname(file)).catch(() => {});
  }
}
