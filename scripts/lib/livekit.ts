// Finds (or builds) the LiveKit server binary and runs it bound to loopback.
// Used by the dev launcher, the worker tests and the benchmark.
import { findFreePorts } from "./ports";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { stopChild } from "./processes.ts";

export const LIVEKIT_SERVER_MODULE = "github.com/livekit/livekit-server/cmd/server@v1.13.5";
const BINARY_NAME = "livekit-server";

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Returns a runnable livekit-server: `<root>/.bin/livekit-server`, else one on PATH,
 * else builds it with `go install` into `<root>/.bin` (takes minutes on a fresh machine).
 */
export async function ensureLivekitBinary(projectRoot: string): Promise<string> {
  const binDir = path.join(projectRoot, ".bin");
  const target = path.join(binDir, BINARY_NAME);
  if (existsSync(target)) return target;

  // `go install` names the binary after its package directory.
  const goName = path.join(binDir, "server");
  if (existsSync(goName)) {
    renameSync(goName, target);
    return target;
  }

  const onPath = findOnPath(BINARY_NAME);
  if (onPath) return onPath;

  console.log(`[livekit] building ${LIVEKIT_SERVER_MODULE} into ${binDir} (this takes a few minutes the first time)`);
  const child = spawn("go", ["install", LIVEKIT_SERVER_MODULE], {
    env: { ...process.env, GOBIN: binDir, CGO_ENABLED: "0" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const [code] = (await Promise.race([
    once(child, "exit"),
    once(child, "error").then(([error]) => {
      throw new Error(`could not run 'go install' (is Go >= 1.26 installed?): ${String(error)}`);
    }),
  ])) as [number | null];
  if (code !== 0 || !existsSync(goName)) {
    throw new Error(`go install ${LIVEKIT_SERVER_MODULE} failed (exit ${code})`);
  }
  renameSync(goName, target);
  console.log(`[livekit] built ${target}`);
  return target;
}

export interface StartLivekitOptions {
  binary: string;
  /** HTTP/WebSocket port (signal, Twirp APIs, agent workers). */
  port?: number;
  /**
   * ICE over TCP, for clients whose UDP is blocked. LiveKit binds it on every interface (it has
   * no host option for it), so it is off unless asked for.
   */
  rtcTcpPort?: number;
  rtcUdpPort?: number;
  apiKey?: string;
  apiSecret?: string;
  /** A private Redis ("127.0.0.1:port"): needed by LiveKit SIP. */
  redisAddress?: string;
  /** Server output goes here (appended); otherwise it is discarded. */
  logFile?: string;
  /** Milliseconds to wait for the HTTP port to answer. */
  startTimeoutMs?: number;
}

export interface LivekitServer {
  url: string;
  httpUrl: string;
  apiKey: string;
  apiSecret: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * The server config: loopback only, no public STUN, no external IP discovery. Media goes over
 * the UDP port on 127.0.0.1; `tcp_port: 0` turns ICE/TCP off, which would listen on all
 * interfaces.
 */
export function buildLivekitConfig(opts: {
  port: number;
  rtcTcpPort?: number;
  rtcUdpPort: number;
  apiKey: string;
  apiSecret: string;
  redisAddress?: string;
}): Record<string, unknown> {
  return {
    port: opts.port,
    bind_addresses: ["127.0.0.1"],
    development: true,
    rtc: {
      tcp_port: opts.rtcTcpPort ?? 0,
      udp_port: opts.rtcUdpPort,
      node_ip: "127.0.0.1",
      use_external_ip: false,
      enable_loopback_candidate: true,
      ips: { includes: ["127.0.0.1/32"] },
      // Handed to clients; without it the server gives them Google's public STUN.
      // Nothing listens there, so clients just gather no server-reflexive candidates.
      stun_servers: ["127.0.0.1:3478"],
    },
    keys: { [opts.apiKey]: opts.apiSecret },
    ...(opts.redisAddress ? { redis: { address: opts.redisAddress } } : {}),
    // Dispatch to a worker until it reports itself full. The default (0.7) stops at 70 %
    // of a worker's reported load, which for CPU-measured load means "whenever busy".
    agents: { target_load: 1 },
    logging: { level: "info" },
  };
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`livekit-server exited early (code ${child.exitCode ?? child.signalCode})`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.body?.cancel();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`livekit-server did not answer on ${url} within ${timeoutMs} ms`);
}

/**
 * Starts livekit-server on two distinct free ports (HTTP, RTC/UDP; tests, benches). A port is
 * free when chosen but another process may take it before the server binds, so an early exit
 * is retried with new ports.
 */
export async function startLivekitOnFreePorts(opts: Omit<StartLivekitOptions, "port" | "rtcTcpPort" | "rtcUdpPort">): Promise<LivekitServer> {
  for (let attempt = 1; ; attempt++) {
    const [port, rtcUdpPort] = await findFreePorts(2);
    try {
      return await startLivekit({ ...opts, port, rtcUdpPort });
    } catch (error) {
      if (attempt >= 3 || !String(error).includes("exited early")) throw error;
    }
  }
}

/** Starts livekit-server in dev mode on 127.0.0.1 and waits until its HTTP port answers. */
export async function startLivekit(opts: StartLivekitOptions): Promise<LivekitServer> {
  const port = opts.port ?? 7880;
  const rtcTcpPort = opts.rtcTcpPort;
  const rtcUdpPort = opts.rtcUdpPort ?? port + 2;
  const apiKey = opts.apiKey ?? "devkey";
  const apiSecret = opts.apiSecret ?? "secret";

  const dir = mkdtempSync(path.join(tmpdir(), "switchboard-livekit-"));
  const configFile = path.join(dir, "livekit.yaml");
  // JSON is valid YAML, so no YAML library is needed.
  writeFileSync(configFile, JSON.stringify(buildLivekitConfig({ port, rtcTcpPort, rtcUdpPort, apiKey, apiSecret, redisAddress: opts.redisAddress }), null, 2));

  const child = spawn(opts.binary, ["--config", configFile], {
    stdio: ["ignore", opts.logFile ? "pipe" : "ignore", opts.logFile ? "pipe" : "ignore"],
  });
  if (opts.logFile) {
    const log = createWriteStream(opts.logFile, { flags: "a" });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
  }
  const spawnError = once(child, "error").then(([error]) => {
    throw new Error(`could not start ${opts.binary}: ${String(error)}`);
  });
  spawnError.catch(() => {});

  const httpUrl = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([waitForHttp(httpUrl, child, opts.startTimeoutMs ?? 20_000), spawnError]);
  } catch (error) {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    url: `ws://127.0.0.1:${port}`,
    httpUrl,
    apiKey,
    apiSecret,
    pid: child.pid,
    stop() {
      stopping ??= stopChild(child).finally(() => rmSync(dir, { recursive: true, force: true }));
      return stopping;
    },
  };
}
