// sipp as the phone: runs one scenario as a child process and resolves with its exit code
// (0: the scenario ran to its end and every expected message arrived) and its message log.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import dgram from "node:dgram";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const SCENARIOS = path.join(import.meta.dirname, "scenarios");

const bindable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = dgram.createSocket("udp4");
    socket.once("error", () => resolve(false));
    socket.bind(port, "127.0.0.1", () => socket.close(() => resolve(true)));
  });

/** An even UDP port p with p..p+3 free on 127.0.0.1 (sipp's SIP port, or its RTP/RTCP pair and echo). */
export async function freeUdpBlock(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const p = 30000 + 4 * Math.floor(Math.random() * 5000);
    if ((await Promise.all([0, 1, 2, 3].map((d) => bindable(p + d)))).every(Boolean)) return p;
  }
  throw new Error("no free UDP port block on 127.0.0.1");
}

export type SippResult = { code: number | null; signal: NodeJS.Signals | null; output: string; messages: string };

export interface SippRun {
  sipPort: number;
  mediaPort: number;
  /** sipp's message log (-trace_msg), written as the call goes. */
  messageFile: string;
  child: ChildProcess;
  done: Promise<SippResult>;
  stop(): void;
}

export interface SippOptions {
  /** Scenario file name in tests/telephony/scenarios (or an absolute path). */
  scenario: string;
  /** host:port to call (client scenarios). */
  target?: string;
  /** The Request-URI user: the number dialled. */
  service?: string;
  /** `-key name value` pairs, substituted as [name] in the scenario's messages. */
  keys?: Record<string, string | number>;
  /** Digest credentials (-au / -ap). */
  auth?: { username: string; password: string };
  /** -d: the default <pause/> in ms. */
  pauseMs?: number;
  /** Working directory: where rtp_stream files (caller.ulaw, callee.ulaw) are read from. */
  audioDir: string;
  logDir: string;
  name?: string;
  timeoutSeconds?: number;
}

export function isSippInstalled(): boolean {
  return spawnSync("sipp", ["-v"], { encoding: "utf8" }).error === undefined;
}

export async function runSipp(options: SippOptions): Promise<SippRun> {
  const sipPort = await freeUdpBlock();
  const mediaPort = await freeUdpBlock();
  mkdirSync(options.logDir, { recursive: true });
  const messageFile = path.join(options.logDir, `${options.name ?? "sipp"}-${sipPort}-messages.log`);
  const scenario = path.isAbsolute(options.scenario) ? options.scenario : path.join(SCENARIOS, options.scenario);
  const args = [
    "-sf", scenario,
    ...(options.target ? [options.target] : []),
    ...(options.service ? ["-s", options.service] : []),
    "-i", "127.0.0.1", "-p", String(sipPort), "-mi", "127.0.0.1", "-mp", String(mediaPort),
    "-m", "1", "-l", "1", "-nostdin",
    "-timeout", `${options.timeoutSeconds ?? 60}s`, "-timeout_error",
    "-trace_msg", "-message_file", messageFile,
    ...(options.pauseMs !== undefined ? ["-d", String(options.pauseMs)] : []),
    ...(options.auth ? ["-au", options.auth.username, "-ap", options.auth.password] : []),
    ...Object.entries(options.keys ?? {}).flatMap(([k, v]) => ["-key", k, String(v)]),
  ];
  // sipp reads rtp_stream files relative to its working directory and does not substitute
  // -key values inside rtp_stream attributes.
  const child = spawn("sipp", args, { stdio: ["ignore", "pipe", "pipe"], cwd: options.audioDir });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const done = once(child, "exit").then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
    output,
    messages: existsSync(messageFile) ? readFileSync(messageFile, "utf8") : "",
  }));
  return { sipPort, mediaPort, messageFile, child, done, stop: () => void child.kill("SIGTERM") };
}
