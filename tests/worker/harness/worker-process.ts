// Spawns the real agent worker (`node --import tsx agent-worker/main.ts start`) in its own
// process group, waits until it has registered with LiveKit, and stops the whole group.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export interface WorkerProcess {
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

export async function startWorker(opts: {
  env: Record<string, string>;
  logFile?: string;
  readyTimeoutMs?: number;
}): Promise<WorkerProcess> {
  // A clean environment: provider keys from the developer's shell must not leak in.
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    NODE_ENV: "development",
    LOG_LEVEL: "info",
    ...opts.env,
  } as NodeJS.ProcessEnv;
  const child = spawn(process.execPath, ["--import", "tsx", "agent-worker/main.ts", "start"], {
    cwd: PROJECT_ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("could not spawn the agent worker");
  let output = "";
  const log = opts.logFile ? createWriteStream(opts.logFile, { flags: "a" }) : undefined;
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
    log?.write(chunk);
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exited = once(child, "exit");

  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        killGroup("SIGTERM");
        const timer = setTimeout(() => killGroup("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }
      // Job and inference processes share the group; make sure none outlive the worker.
      killGroup("SIGKILL");
      log?.end();
    })();
    return stopping;
  };

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  while (!output.includes('"msg":"registered worker"')) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`agent worker exited before registering:\n${output.slice(-4000)}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`agent worker did not register in time:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { pid, output: () => output, stop };
}
