// Finds (or builds) LiveKit SIP and runs it on loopback. The binary is built from the pinned
// wrapper Go module in tools/livekit-sip (cgo: needs gcc, pkg-config and Debian's libopus-dev,
// libopusfile-dev, libsoxr-dev), once, into .bin/; a livekit-sip on PATH is used instead.
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import dgram from "node:dgram";
import { createWriteStream, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { findOnPath } from "./which.ts";
import { stopChild } from "./processes.ts";

export const LIVEKIT_SIP_VERSION = "1.8.0";
const BINARY_NAME = "livekit-sip";
/** Debian packages the build needs (and their run-time libraries come with them). */
export const LIVEKIT_SIP_BUILD_PACKAGES = ["gcc", "pkg-config", "libopus-dev", "libopusfile-dev", "libsoxr-dev"];

export async function ensureLivekitSipBinary(projectRoot: string, log: (line: string) => void = console.log): Promise<string> {
  const target = path.join(projectRoot, ".bin", BINARY_NAME);
  if (existsSync(target)) return target;
  const onPath = findOnPath(BINARY_NAME);
  if (onPath) return onPath;

  const missing = ["opus", "opusfile", "soxr"].filter((lib) => spawnSync("pkg-config", ["--exists", lib]).status !== 0);
  if (missing.length) {
    throw new Error(`building livekit-sip needs the C libraries ${missing.join(", ")}: apt-get install -y ${LIVEKIT_SIP_BUILD_PACKAGES.join(" ")}`);
  }
  log(`[livekit-sip] building v${LIVEKIT_SIP_VERSION} from tools/livekit-sip into .bin/ (a few minutes the first time)`);
  const child = spawn(
    "go",
    ["build", "-trimpath", "-ldflags", `-s -w -X github.com/livekit/sip/version.Version=${LIVEKIT_SIP_VERSION}`, "-o", target, "github.com/livekit/sip/cmd/livekit-sip"],
    { cwd: path.join(projectRoot, "tools", "livekit-sip"), env: { ...process.env, CGO_ENABLED: "1" }, stdio: ["ignore", "inherit", "inherit"] },
  );
  const [code] = (await Promise.race([
    once(child, "exit"),
    once(child, "error").then(([error]) => {
      throw new Error(`could not run 'go build' (is Go >= 1.26 installed?): ${String(error)}`);
    }),
  ])) as [number | null];
  if (code !== 0 || !existsSync(target)) throw new Error(`building livekit-sip failed (exit ${code})`);
  log(`[livekit-sip] built ${target}`);
  return target;
}

export interface LivekitSipOptions {
  binary: string;
  livekitUrl: string;
  apiKey: string;
  apiSecret: string;
  redisAddress: string;
  /** SIP signalling port (UDP and TCP). */
  sipPort: number;
  /** RTP range "from-to"; a closed call's port stays reserved for a while, so make it at least twice the calls per 30 s. */
  rtpPorts: string;
  /** Address SIP and RTP listen on (127.0.0.1 by default). */
  listenIp?: string;
  /** Address written into SDP for media (the NAT's public address in production). */
  natIp?: string;
  logFile?: string;
  onLine?: (line: string) => void;
  startTimeoutMs?: number;
}

export interface LivekitSip {
  sipPort: number;
  listenIp: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

export function buildLivekitSipConfig(opts: Omit<LivekitSipOptions, "binary" | "logFile" | "onLine" | "startTimeoutMs">): Record<string, unknown> {
  const listenIp = opts.listenIp ?? "127.0.0.1";
  return {
    api_key: opts.apiKey,
    api_secret: opts.apiSecret,
    ws_url: opts.livekitUrl,
    redis: { address: opts.redisAddress },
    sip_port: opts.sipPort,
    rtp_port: opts.rtpPorts,
    // Both, or it picks another interface for media.
    listen_ip: listenIp,
    nat_1_to_1_ip: opts.natIp ?? listenIp,
    use_external_ip: false,
    // The default (0.9) refuses outbound calls whenever a small machine is busy.
    max_cpu_utilization: 1,
    // health/prometheus/pprof ports are left unset: they bind every interface.
    logging: { level: "info" },
  };
}

/** Resolves true when a SIP OPTIONS over UDP is answered 200. */
export function sipOptionsPing(port: number, host = "127.0.0.1", timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket("udp4");
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      try {
        socket.close();
      } catch {}
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on("error", () => finish(false));
    socket.on("message", (m) => finish(m.toString().startsWith("SIP/2.0 200")));
    socket.bind(0, "127.0.0.1", () => {
      const localPort = socket.address().port;
      const tag = Math.random().toString(36).slice(2);
      const message = [
        `OPTIONS sip:ping@${host}:${port} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${localPort};branch=z9hG4bK${tag};rport`,
        `From: <sip:probe@127.0.0.1>;tag=${tag}`,
        `To: <sip:ping@${host}:${port}>`,
        `Call-ID: ${tag}@127.0.0.1`,
        "CSeq: 1 OPTIONS",
        "Max-Forwards: 70",
        "Content-Length: 0",
        "",
        "",
      ].join("\r\n");
      socket.send(message, port, host);
    });
  });
}

/** Starts livekit-sip and waits until it answers SIP OPTIONS. */
export async function startLivekitSip(opts: LivekitSipOptions): Promise<LivekitSip> {
  const dir = mkdtempSync(path.join(tmpdir(), "switchboard-sip-"));
  const configFile = path.join(dir, "sip.yaml");
  // JSON is valid YAML.
  writeFileSync(configFile, JSON.stringify(buildLivekitSipConfig(opts), null, 2));
  const child = spawn(opts.binary, ["--config", configFile], { stdio: ["ignore", "pipe", "pipe"] });
  child.on("error", () => {});
  const log = opts.logFile ? createWriteStream(opts.logFile, { flags: "a" }) : undefined;
  const recent: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (log) stream?.pipe(log, { end: false });
    stream?.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        recent.push(line);
        if (recent.length > 40) recent.shift();
        opts.onLine?.(line);
      }
    });
  }
  const stop = async () => {
    await stopChild(child);
    log?.end();
    rmSync(dir, { recursive: true, force: true });
  };
  const listenIp = opts.listenIp ?? "127.0.0.1";
  const deadline = Date.now() + (opts.startTimeoutMs ?? 20_000);
  while (!(await sipOptionsPing(opts.sipPort, listenIp))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`livekit-sip did not start on ${listenIp}:${opts.sipPort} (${child.exitCode ?? child.signalCode ?? "timeout"}):\n${recent.join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  let stopping: Promise<void> | undefined;
  return { sipPort: opts.sipPort, listenIp, pid: child.pid, stop: () => (stopping ??= stop()) };
}
