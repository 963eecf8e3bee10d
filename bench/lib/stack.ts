// The runtime under benchmark: a real LiveKit server, the provider fakes (zero latency), the
// internal-API stand-in and the real agent worker as its own process, all on 127.0.0.1.
// Everything started is stopped by `stop()`, on SIGINT/SIGTERM and on a normal exit.
import { dispose } from "@livekit/rtc-node";
import { AgentDispatchClient } from "livekit-server-sdk";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { startFakes, type Fakes } from "../../tests/fakes/start-fakes";
import type { FakeDeepgramOptions } from "../../tests/fakes/fake-deepgram";
import type { FakeOpenAIOptions } from "../../tests/fakes/fake-openai";
import { findFreePort } from "../../scripts/lib/ports";
import { ensureLivekitBinary, startLivekitOnFreePorts, type LivekitServer } from "../../scripts/lib/livekit";
import { startInternalApi, type InternalApiStandIn } from "../../tests/worker/harness/internal-api";
import { startTimingProxy, type TimedUpload } from "./timing-proxy";
import { PROJECT_ROOT, startWorker, type WorkerProcess } from "../../tests/worker/harness/worker-process";

export const BENCH_AGENT = "switchboard-agent-bench";
const SECRET = "bench-worker-secret";

export interface BenchStack {
  livekit: LivekitServer;
  fakes: Fakes;
  api: InternalApiStandIn;
  /** Recording uploads as the worker made them (timed by the forwarder). */
  uploads: readonly TimedUpload[];
  worker: WorkerProcess;
  dispatch: AgentDispatchClient;
  logDir: string;
  /** Registers something else to stop (runs before the stack's own parts). */
  onStop(stop: () => Promise<unknown>): void;
  stop(): Promise<void>;
}

export async function startBenchStack(opts: {
  name: string;
  workerEnv?: Record<string, string>;
  openai?: FakeOpenAIOptions;
  deepgram?: FakeDeepgramOptions;
}): Promise<BenchStack> {
  const logDir = path.join(PROJECT_ROOT, ".cache", "bench-logs", opts.name);
  mkdirSync(logDir, { recursive: true });

  const stops: Array<() => Promise<unknown>> = [];
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      for (const s of stops.reverse()) await s().catch(() => {});
      stops.length = 0;
      await dispose().catch(() => {});
    })();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping the benchmark stack`);
    void stop().then(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    const binary = await ensureLivekitBinary(PROJECT_ROOT);
    const livekit = await startLivekitOnFreePorts({
      binary,
      logFile: path.join(logDir, "livekit.log"),
    });
    stops.push(() => livekit.stop());
    const fakes = await startFakes({ openai: opts.openai, deepgram: opts.deepgram });
    stops.push(() => fakes.stop());
    const api = await startInternalApi({ secret: SECRET });
    stops.push(() => api.close());
    // The worker reaches the stand-in through a forwarder that times recording uploads.
    const proxy = await startTimingProxy(api.url);
    stops.push(() => proxy.close());
    const worker = await startWorker({
      env: {
        LIVEKIT_URL: livekit.url,
        LIVEKIT_API_KEY: livekit.apiKey,
        LIVEKIT_API_SECRET: livekit.apiSecret,
        APP_URL: proxy.url,
        WORKER_SECRET: SECRET,
        AGENT_NAME: BENCH_AGENT,
        OPENAI_API_KEY: "bench-openai-key",
        DEEPGRAM_API_KEY: "bench-deepgram-key",
        // The platform's provider URLs are the fakes (a custom base_url would need BYOK keys).
        OPENAI_BASE_URL: fakes.openaiUrl,
        DEEPGRAM_BASE_URL: fakes.deepgramUrl,
        WORKER_HTTP_PORT: String(await findFreePort()),
        ...opts.workerEnv,
      },
      logFile: path.join(logDir, "worker.log"),
    });
    stops.push(() => worker.stop());
    const dispatch = new AgentDispatchClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
    return { livekit, fakes, api, uploads: proxy.uploads, worker, dispatch, logDir, onStop: (s) => void stops.push(s), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
