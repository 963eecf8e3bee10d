// What the worker measured and recorded during a call, for the `ended` report: per-turn
// timings, provider usage, and the recording (uploaded before `ended` is posted).
import { voice, type log } from "@livekit/agents";
import { rm } from "node:fs/promises";
import type { AppClient, CallEndedEvent } from "./app-client";
import type { CallConfig } from "../lib/contract/call-config";
import { CallMetricsCollector, usageTargetsOf, type Stage } from "./metrics";
import { workerEnv } from "./env";
import { recordingPath, uploadRecording, type RecordingFormat } from "./recording";

type Logger = ReturnType<typeof log>;
export type EndedDetails = Pick<CallEndedEvent, "timings" | "usage" | "has_recording">;

export interface CallTelemetryOptions {
  app: AppClient;
  callId: string;
  config: CallConfig;
  /** JobContext.sessionDirectory, where the framework writes the recording. */
  sessionDirectory: string;
  logger: Logger;
  /** How long the report waits for the session (and so the recorder) to close. */
  closeWaitMs?: number;
  /** Upload format (default: WORKER_RECORDING_FORMAT). */
  recordingFormat?: RecordingFormat;
  /** The stages' failover log: after a switch, usage goes to the provider now in use. */
  failovers?: { onRecord(listener: (entry: { stage: Stage; to: string }) => void): unknown };
}

export class CallTelemetry {
  readonly metrics: CallMetricsCollector;
  readonly #opts: CallTelemetryOptions;
  readonly #closed: Promise<void>;

  constructor(session: voice.AgentSession, opts: CallTelemetryOptions) {
    this.#opts = opts;
    this.metrics = new CallMetricsCollector(usageTargetsOf(opts.config.assistant));
    this.metrics.attach(session);
    opts.failovers?.onRecord((entry) => this.metrics.noteFailover(entry.stage, entry.to));
    this.#closed = new Promise((resolve) => session.once(voice.AgentSessionEventTypes.Close, () => resolve()));
  }

  get isRecording(): boolean {
    return this.#opts.config.recording.enabled;
  }

  /** Timings and usage so far, and the recording uploaded (only once the recorder has finished the file). */
  async endedDetails(): Promise<EndedDetails> {
    let hasRecording = false;
    if (this.isRecording) {
      const { app, callId, sessionDirectory, logger } = this.#opts;
      // The session writes the file's last pages while closing; its close event comes after.
      let timer: NodeJS.Timeout | undefined;
      const closed = await Promise.race([
        this.#closed.then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.#opts.closeWaitMs ?? 8_000))),
      ]);
      clearTimeout(timer);
      if (closed) {
        const env = workerEnv();
        hasRecording = await uploadRecording({
          app,
          callId,
          file: recordingPath(sessionDirectory),
          format: this.#opts.recordingFormat ?? env.WORKER_RECORDING_FORMAT,
          ffmpeg: env.LIVEKIT_FFMPEG_PATH,
          logger,
        });
      } else {
        logger.warn("the session did not close in time, the recording is incomplete and is not uploaded");
        await rm(recordingPath(sessionDirectory), { force: true }).catch(() => {});
      }
    }
    return { timings: this.metrics.timings(), usage: this.metrics.usage(), has_recording: hasRecording };
  }
}
