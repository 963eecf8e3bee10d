// A private Redis for one stack (LiveKit server and LiveKit SIP talk through it). psrpc uses
// pub/sub, which ignores the database number, so two stacks must never share one server.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { findOnPath } from "./which.ts";
import { stopChild } from "./processes.ts";

export interface RedisServer {
  address: string;
  port: number;
  pid: number | undefined;
  stop(): Promise<void>;
}

/** `redis-server` from PATH or Debian's location; a clear error when missing. */
export function findRedisBinary(): string {
  const found = findOnPath("redis-server") ?? (existsSync("/usr/bin/redis-server") ? "/usr/bin/redis-server" : undefined);
  if (!found) throw new Error("redis-server not found: install Debian's redis-server (apt-get install -y redis-server)");
  return found;
}

export function redisPing(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once("error", () => done(false));
    socket.once("data", (d) => done(d.toString().startsWith("+PONG")));
    socket.once("connect", () => socket.write("PING\r\n"));
  });
}

/** Starts redis-server on 127.0.0.1:`port` without persistence and waits for PING. */
export async function startRedis(opts: { port: number; binary?: string; startTimeoutMs?: number; onLine?: (line: string) => void }): Promise<RedisServer> {
  const binary = opts.binary ?? findRedisBinary();
  const dir = mkdtempSync(path.join(tmpdir(), "switchboard-redis-"));
  const child = spawn(
    binary,
    ["--bind", "127.0.0.1", "--port", String(opts.port), "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--dir", dir],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.on("error", () => {});
  for (const stream of [child.stdout, child.stderr]) stream?.on("data", (chunk: Buffer) => chunk.toString().split("\n").filter(Boolean).forEach((l) => opts.onLine?.(l)));
  const stop = async () => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (opts.startTimeoutMs ?? 10_000);
  while (!(await redisPing(opts.port))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server on 127.0.0.1:${opts.port} did not start (${child.exitCode ?? child.signalCode ?? "timeout"})`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  let stopping: Promise<void> | undefined;
  return { address: `127.0.0.1:${opts.port}`, port: opts.port, pid: child.pid, stop: () => (stopping ??= stop()) };
}
