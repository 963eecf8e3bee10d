// `npm start`: the whole platform on embedded defaults. Ctrl-C stops everything it started.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startStack } from "./lib/stack.ts";
import { DEMO_EMAIL, DEMO_PASSWORD } from "../prisma/seed.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

const started = Date.now();
const stack = await startStack({
  root,
  dataDir: path.resolve(root, process.env.SWITCHBOARD_DATA_DIR ?? ".data"),
  appPort: port("PORT", 3000),
  postgresPort: port("POSTGRES_PORT", 54329),
  livekitPort: port("LIVEKIT_PORT", 7880),
  livekitRtcTcpPort: port("LIVEKIT_RTC_TCP_PORT", 7881),
  livekitRtcUdpPort: port("LIVEKIT_RTC_UDP_PORT", 7882),
  logs: "inherit",
});

console.log(`
Switchboard is ready in ${((Date.now() - started) / 1000).toFixed(1)} s

  Portal:      ${stack.appUrl}
  Demo login:  ${DEMO_EMAIL} / ${DEMO_PASSWORD}
  LiveKit:     ${stack.livekitUrl}

Press Ctrl-C to stop.
`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await stack.stop();
  console.log("Stopped.");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));

// If a core process dies, stop the rest rather than limping on.
for (const p of stack.processes) {
  void p.exited.then((code) => {
    if (stopping) return;
    console.error(`${p.name} exited (${code}); stopping.`);
    void shutdown("exit");
  });
}
