// `npm start`: the whole platform on embedded defaults. Ctrl-C stops everything it started.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const SUPERVISED = "SWITCHBOARD_STACK_SUPERVISED";
const thisFile = fileURLToPath(import.meta.url);

// Ctrl-C in a terminal signals the whole foreground process group, and PostgreSQL and LiveKit
// are children of this process: they would stop at once, under the app and the worker still
// using them. So the stack runs in a process group of its own, and this process only turns
// the terminal's signals into one request to stop, which the stack carries out in order.
if (!process.env[SUPERVISED]) {
  const child = spawn(process.execPath, [...process.execArgv, thisFile, ...process.argv.slice(2)], {
    detached: true,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: { ...process.env, [SUPERVISED]: "1" },
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => child.kill(signal === "SIGHUP" ? "SIGTERM" : signal));
  }
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await runStack();
}

async function runStack() {
  const { startStack } = await import("./lib/stack.ts");
  const { DEMO_EMAIL, DEMO_PASSWORD } = await import("../prisma/seed.ts");
  const { parseSipConfig } = await import("../lib/telephony/sip-config.ts");
  const root = path.resolve(path.dirname(thisFile), "..");
  const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

  let stopping = false;
  let stop: (() => Promise<void>) | undefined;
  async function shutdown(reason: string) {
    if (stopping) return;
    stopping = true;
    console.log(`\n${reason}: stopping…`);
    // Still starting: the stack is stopped as soon as startStack() hands it over (below).
    if (!stop) return;
    await stop();
    console.log("Stopped.");
    process.exit(0);
  }
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  // The launcher went away without a signal (killed): stop rather than run on unattended.
  process.on("disconnect", () => void shutdown("launcher exited"));

  const sipConfig = parseSipConfig(process.env);
  const started = Date.now();
  const stack = await startStack({
    root,
    dataDir: path.resolve(root, process.env.SWITCHBOARD_DATA_DIR ?? ".data"),
    appPort: port("PORT", 3000),
    postgresPort: port("POSTGRES_PORT", 54329),
    livekitPort: port("LIVEKIT_PORT", 7880),
    // Off unless asked for: LiveKit binds its ICE/TCP port on every interface.
    livekitRtcTcpPort: process.env.LIVEKIT_RTC_TCP_PORT ? port("LIVEKIT_RTC_TCP_PORT", 0) : undefined,
    livekitRtcUdpPort: port("LIVEKIT_RTC_UDP_PORT", 7882),
    sip:
      process.env.SIP_ENABLED === "false"
        ? false
        : { port: sipConfig.SIP_PORT, rtpPorts: sipConfig.SIP_RTP_PORTS, listenIp: sipConfig.SIP_LISTEN_IP, natIp: sipConfig.SIP_NAT_IP, publicAddress: sipConfig.SIP_PUBLIC_ADDRESS },
    logs: "inherit",
  });
  stop = stack.stop;
  if (stopping) {
    // Asked to stop while starting.
    await stack.stop();
    console.log("Stopped.");
    process.exit(0);
  }

  console.log(`
Switchboard is ready in ${((Date.now() - started) / 1000).toFixed(1)} s

  Portal:      ${stack.appUrl}
  Demo login:  ${DEMO_EMAIL} / ${DEMO_PASSWORD}
  LiveKit:     ${stack.livekitUrl}
  SIP:         ${stack.sipAddress ? `sip:<number>@${stack.sipAddress} (point your SIP provider's numbers here)` : "off (see the log above)"}

Press Ctrl-C to stop.
`);

  // If a core process dies, stop the rest rather than limping on.
  for (const p of stack.processes) {
    void p.exited.then((code) => {
      if (stopping) return;
      console.error(`${p.name} exited (${code}); stopping.`);
      void shutdown("exit");
    });
  }
}
