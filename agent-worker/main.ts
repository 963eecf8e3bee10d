// Agent worker entry: registers with LiveKit under AGENT_NAME (explicit dispatch only) and
// runs one call per job process.  Start: `node --import tsx agent-worker/main.ts start`.
// Job processes are forked from this file; fork() inherits process.execArgv, so they load
// it through tsx as well.
import { cli, defineAgent, ServerOptions, type AgentServer, type JobContext, type JobProcess, type VAD } from "@livekit/agents";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createAppClient } from "./app-client";
import { livekitSipDialer } from "./call/outbound";
import { runCall } from "./call/run-call";
import { workerEnv } from "./env";
import { installPiiFilter } from "./log-privacy";
import { loadVad } from "./session";

interface ProcessData {
  vad?: VAD;
}

export default defineAgent({
  prewarm: (proc: JobProcess) => {
    installPiiFilter();
    (proc.userData as ProcessData).vad = loadVad();
  },
  entry: async (ctx: JobContext) => {
    installPiiFilter();
    const env = workerEnv();
    const app = createAppClient({ appUrl: env.APP_URL, workerSecret: env.WORKER_SECRET });
    await runCall(ctx, {
      app,
      env,
      vad: (ctx.proc.userData as ProcessData).vad,
      turnDetection: env.WORKER_TURN_DETECTION,
      workerSecret: env.WORKER_SECRET,
      dialer: livekitSipDialer(env),
    });
  },
});

const thisFile = fileURLToPath(import.meta.url);
const DEFAULT_HTTP_PORT = 8081;

/** Resolves to `port` if it can be bound on `host`, else to a free port. */
async function freePortPreferring(host: string, port: number): Promise<number> {
  const tryListen = (p: number) =>
    new Promise<number | undefined>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(undefined));
      server.listen(p, host, () => {
        const bound = (server.address() as { port: number }).port;
        server.close(() => resolve(bound));
      });
    });
  return (await tryListen(port)) ?? (await tryListen(0)) ?? port;
}

// Job processes import this module too (to find the agent); only the worker runs the CLI.
if (process.argv[1] && path.resolve(process.argv[1]) === thisFile) {
  const env = workerEnv();
  const maxCalls = env.WORKER_MAX_CALLS;
  // Two stacks on one machine (dev + tests) must not fight over the health port.
  const httpPort = env.WORKER_HTTP_PORT ?? (await freePortPreferring(env.WORKER_HOST, DEFAULT_HTTP_PORT));
  cli.runApp(
    new ServerOptions({
      agent: thisFile,
      agentName: env.AGENT_NAME,
      wsURL: env.LIVEKIT_URL,
      apiKey: env.LIVEKIT_API_KEY,
      apiSecret: env.LIVEKIT_API_SECRET,
      host: env.WORKER_HOST,
      port: httpPort,
      numIdleProcesses: env.WORKER_NUM_IDLE_PROCESSES,
      // Load is the share of call slots in use (WORKER_MAX_CALLS=0: the framework's CPU load).
      ...(maxCalls ? { loadFunc: async (server: AgentServer) => Math.min(1, server.activeJobs.length / maxCalls) } : {}),
      loadThreshold: env.WORKER_LOAD_THRESHOLD ?? (maxCalls ? 1 : undefined),
      drainTimeout: env.WORKER_DRAIN_TIMEOUT_MS,
    }),
  );
}
