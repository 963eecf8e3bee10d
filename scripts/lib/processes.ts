import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";

// Child processes with prefixed output, stopped as whole process groups.
export type ManagedProcess = {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  recentOutput(): string;
  /** Resolves when a line of output matches; rejects on exit or timeout. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
};

export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string | undefined>; logs?: "inherit" | "quiet" | ((line: string) => void) },
): ManagedProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env as NodeJS.ProcessEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const sink = options.logs ?? "inherit";
  const recent: string[] = [];
  const watchers = new Set<(line: string) => void>();
  const onLine = (line: string) => {
    watchers.forEach((w) => w(line));
    recent.push(line);
    if (recent.length > 200) recent.shift();
    if (sink === "inherit") process.stdout.write(`[${name}] ${line}\n`);
    else if (typeof sink === "function") sink(line);
  };
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = "";
    stream?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      lines.forEach(onLine);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let stopping: Promise<void> | undefined;
  return {
    name,
    child,
    exited,
    recentOutput: () => recent.join("\n"),
    waitForLine(pattern, timeoutMs) {
      if (recent.some((l) => pattern.test(l))) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const done = (error?: Error) => {
          watchers.delete(watch);
          clearTimeout(timer);
          if (error) reject(error);
          else resolve();
        };
        const watch = (line: string) => pattern.test(line) && done();
        const timer = setTimeout(() => done(new Error(`${name}: no output matching ${pattern} within ${timeoutMs} ms`)), timeoutMs);
        watchers.add(watch);
        void exited.then((code) => done(new Error(`${name} exited (${code}):\n${recent.slice(-30).join("\n")}`)));
      });
    },
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        signalGroup(child, "SIGTERM");
        const timedOut = await Promise.race([exited.then(() => false), sleep(8000).then(() => true)]);
        if (timedOut) signalGroup(child, "SIGKILL");
        await exited;
      })();
      return stopping;
    },
  };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitForHttp(url: string, options: { timeoutMs: number; isReady?: (res: Response) => boolean; abortIf?: () => string | null }) {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = "";
  while (Date.now() < deadline) {
    const reason = options.abortIf?.();
    if (reason) throw new Error(reason);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (options.isReady ? options.isReady(res) : res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await sleep(300);
  }
  throw new Error(`${url} did not become ready within ${options.timeoutMs} ms (${lastError})`);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}
