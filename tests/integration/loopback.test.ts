import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureLivekitBinary, startLivekit, type LivekitServer } from "../../scripts/lib/livekit.ts";
import { findFreePorts } from "../../scripts/lib/ports.ts";
import { startProcess, type ManagedProcess } from "../../scripts/lib/processes.ts";

// The local stack listens on loopback only: LiveKit as `npm start` runs it (HTTP/signalling on
// 127.0.0.1, media over UDP on 127.0.0.1, no ICE/TCP port, which LiveKit would bind on every
// interface), and the agent worker with its health server. Read from the kernel's socket tables
// (/proc/net/{tcp,tcp6,udp,udp6}) for the sockets the processes hold.

interface BoundSocket {
  proto: string;
  address: string;
  port: number;
}

// /proc/net/* addresses: IPv4 as one little-endian hex word, IPv6 as four of them.
function decodeAddress(hex: string): string {
  const words = hex.match(/.{8}/g)!.map((w) => w.match(/../g)!.reverse().join(""));
  if (words.length === 1) return words[0]!.match(/../g)!.map((b) => parseInt(b, 16)).join(".");
  const groups = words.join("").match(/.{4}/g)!.map((g) => parseInt(g, 16).toString(16));
  return groups.join(":").replace(/(^|:)0(:0)+(:|$)/, "::");
}

/** The process and every descendant (the worker forks its job processes). */
function processTree(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
    const ppid = Number(stat[1]);
    parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(parents.get(tree[i]!) ?? []));
  return tree;
}

/** TCP sockets in LISTEN and every bound UDP socket held by these processes. */
function listeningSockets(pids: number[]): BoundSocket[] {
  const inodes = new Set<string>();
  for (const pid of pids) {
    for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
      const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      const match = /^socket:\[(\d+)\]$/.exec(target);
      if (match) inodes.add(match[1]!);
    }
  }
  const sockets: BoundSocket[] = [];
  for (const proto of ["tcp", "tcp6", "udp", "udp6"]) {
    for (const line of fs.readFileSync(`/proc/net/${proto}`, "utf8").trim().split("\n").slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
      if (!inodes.has(inode!)) continue;
      if (proto.startsWith("tcp") && state !== "0A") continue; // only listening TCP sockets
      const [address, port] = local!.split(":");
      sockets.push({ proto, address: decodeAddress(address!), port: parseInt(port!, 16) });
    }
  }
  return sockets;
}

const isLoopback = (s: BoundSocket) => s.address === "::1" || s.address.startsWith("127.");

let livekit: LivekitServer | undefined;
let worker: ManagedProcess | undefined;

afterAll(async () => {
  await worker?.stop();
  await livekit?.stop();
});

describe("listening addresses of the local stack", () => {
  it("decodes the kernel's addresses", () => {
    expect(decodeAddress("0100007F")).toBe("127.0.0.1");
    expect(decodeAddress("00000000")).toBe("0.0.0.0");
    expect(decodeAddress("00000000000000000000000001000000")).toBe("::1");
    expect(decodeAddress("00000000000000000000000000000000")).toBe("::");
  });

  it("LiveKit and the agent worker listen on loopback only", async () => {
    const root = path.resolve(".");
    const [port, rtcUdpPort] = await findFreePorts(2);
    // As scripts/lib/stack.ts starts it for `npm start` (no LIVEKIT_RTC_TCP_PORT).
    livekit = await startLivekit({ binary: await ensureLivekitBinary(root), port, rtcUdpPort });
    const livekitSockets = listeningSockets(processTree(livekit.pid!));
    expect(livekitSockets).toContainEqual({ proto: "tcp", address: "127.0.0.1", port });
    expect(livekitSockets).toContainEqual({ proto: "udp", address: "127.0.0.1", port: rtcUdpPort });
    expect(livekitSockets.filter((s) => !isLoopback(s))).toEqual([]);

    // The worker as `npm start` runs it, registered with that LiveKit.
    worker = startProcess("worker", "node", ["--import", "tsx", "agent-worker/main.ts", "start"], {
      cwd: root,
      env: {
        ...process.env,
        PATH: [path.join(root, "node_modules/.bin"), process.env.PATH].join(path.delimiter),
        NODE_ENV: "production",
        LIVEKIT_URL: livekit.url,
        LIVEKIT_API_KEY: livekit.apiKey,
        LIVEKIT_API_SECRET: livekit.apiSecret,
        WORKER_SECRET: "loopback-test-worker-secret",
        AGENT_NAME: "switchboard-agent-loopback-it",
        WORKER_NUM_IDLE_PROCESSES: "1",
      },
      logs: "quiet",
    });
    await worker.waitForLine(/"msg":"registered worker"/, 90_000);
    const workerSockets = listeningSockets(processTree(worker.child.pid!));
    expect(workerSockets.some((s) => s.proto.startsWith("tcp")), JSON.stringify(workerSockets)).toBe(true); // the health server
    expect(workerSockets.filter((s) => !isLoopback(s))).toEqual([]);
  }, 150_000);
});
