// The whole stack a worker-tier test calls through: a LiveKit server on free ports, the
// provider fakes, the stand-in for the app's internal API, and one or more agent worker
// processes registered under their own agent names. Logs go to .cache/test-logs.
import { dispose } from "@livekit/rtc-node";
import { AgentDispatchClient } from "livekit-server-sdk";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { CallConfig } from "../../../lib/contract/call-config";
import { startFakes, type Fakes } from "../../fakes/start-fakes";
import { ensureLivekitBinary, startLivekitOnFreePorts, type LivekitServer } from "../../../scripts/lib/livekit";
import { findFreePort } from "../../../scripts/lib/ports";
import { joinAsCaller, type Caller } from "./caller";
import { startInternalApi, type InternalApiStandIn } from "./internal-api";
import { PROJECT_ROOT, startWorker, type WorkerProcess } from "./worker-process";

export const LOG_DIR = path.join(PROJECT_ROOT, ".cache", "test-logs");

/** The platform keys the fakes accept. */
export const PLATFORM_KEYS = { OPENAI_API_KEY: "test-openai-key", DEEPGRAM_API_KEY: "dg-test-key" };

export interface WorkerSpec {
  agentName: string;
  /** Log file name under LOG_DIR. */
  logName: string;
  /** Extra worker environment, usually the provider keys. */
  env: Record<string, string>;
}

export interface WorkerStack {
  livekit: LivekitServer;
  fakes: Fakes;
  api: InternalApiStandIn;
  dispatch: AgentDispatchClient;
  /** The workers, in the order they were asked for. */
  workers: WorkerProcess[];
  /** Serves `config` to the worker, joins a caller to its room and dispatches `agentName` there. */
  placeCall(config: CallConfig, agentName: string, caller?: { textTopics?: string[] }): Promise<Caller>;
  /** Hangs up the callers, stops the workers, then the server, fakes and stand-in. */
  stop(): Promise<void>;
}

export async function startWorkerStack(opts: {
  secret: string;
  /** Log file name under LOG_DIR for the LiveKit server. */
  livekitLogName: string;
  fakes: Parameters<typeof startFakes>[0];
  workers: WorkerSpec[];
}): Promise<WorkerStack> {
  mkdirSync(LOG_DIR, { recursive: true });
  const binary = await ensureLivekitBinary(PROJECT_ROOT);
  const [livekit, fakes, api] = await Promise.all([
    startLivekitOnFreePorts({
      binary,
      logFile: path.join(LOG_DIR, opts.livekitLogName),
    }),
    startFakes(opts.fakes),
    startInternalApi({ secret: opts.secret }),
  ]);
  const dispatch = new AgentDispatchClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
  const callers: Caller[] = [];
  const workers: WorkerProcess[] = [];
  const stop = async () => {
    await Promise.allSettled(callers.map((c) => c.leave()));
    await Promise.allSettled(workers.map((w) => w.stop()));
    await Promise.allSettled([livekit.stop(), fakes.stop(), api.close()]);
    await dispose().catch(() => {});
  };
  try {
    const started = await Promise.allSettled(
      opts.workers.map(async (spec) =>
        startWorker({
          env: {
            LIVEKIT_URL: livekit.url,
            LIVEKIT_API_KEY: livekit.apiKey,
            LIVEKIT_API_SECRET: livekit.apiSecret,
            APP_URL: api.url,
            WORKER_SECRET: opts.secret,
            AGENT_NAME: spec.agentName,
            OPENAI_BASE_URL: fakes.openaiUrl,
            DEEPGRAM_BASE_URL: fakes.deepgramUrl,
            WORKER_HTTP_PORT: String(await findFreePort()),
            WORKER_NUM_IDLE_PROCESSES: "1",
            WORKER_DRAIN_TIMEOUT_MS: "5000",
            ...spec.env,
          },
          logFile: path.join(LOG_DIR, spec.logName),
        }),
      ),
    );
    for (const result of started) if (result.status === "fulfilled") workers.push(result.value);
    const failed = started.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    livekit,
    fakes,
    api,
    dispatch,
    workers,
    async placeCall(config, agentName, caller = {}) {
      api.setCall(config);
      const joined = await joinAsCaller({
        url: livekit.url,
        apiKey: livekit.apiKey,
        apiSecret: livekit.apiSecret,
        room: config.call.room_name,
        ...caller,
      });
      callers.push(joined);
      await dispatch.createDispatch(config.call.room_name, agentName, { metadata: JSON.stringify({ call_id: config.call.id }) });
      return joined;
    },
    stop,
  };
}
