// Brings up the real stack on test ports (fresh data folder), with the provider fakes on
// loopback, and writes the fake microphone WAV. Tests read the URLs from process.env.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startStack } from "../scripts/lib/stack.ts";
import { findFreePort } from "../scripts/lib/ports.ts";
import { startFakes } from "../tests/fakes/start-fakes";
import { makeCallerWav } from "./fixtures/speech-wav";
import { E2E } from "./e2e-config";

export default async function globalSetup() {
  const root = path.resolve(import.meta.dirname, "..");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchboard-e2e-"));
  makeCallerWav(E2E.wavFile, { leadingSilenceMs: E2E.callerSpeechAtMs, text: E2E.callerSays, trailingSilenceMs: 40_000 });

  const fakes = await startFakes({
    openai: { defaultReply: E2E.agentReply },
    deepgram: { defaultTranscript: E2E.sttTranscript },
  });
  // Portal-domain verification asks this loopback port; the branding spec runs a DNS server on it.
  const dnsPort = await findFreePort();
  const stack = await startStack({
    root,
    dataDir,
    appPort: E2E.appPort,
    livekitPort: 17980,
    livekitRtcUdpPort: 17982,
    // The stack gives LiveKit a private Redis, which its SIP APIs (numbers, trunks) need;
    // phone calls themselves are the telephony tier's.
    sip: false,
    seed: false,
    logs: process.env.E2E_VERBOSE ? "inherit" : "quiet",
    env: {
      DATABASE_URL: undefined,
      LIVEKIT_URL: undefined,
      // Platform provider keys for the worker; the assistant points each stage at the fakes.
      DEEPGRAM_API_KEY: "fake-deepgram-key",
      OPENAI_API_KEY: "fake-openai-key",
      // The platform's provider servers (the platform keys only ever go to these URLs).
      OPENAI_BASE_URL: fakes.openaiUrl,
      DEEPGRAM_BASE_URL: fakes.deepgramUrl,
      AGENT_JOIN_TIMEOUT_SECONDS: "20",
      DNS_RESOLVER: `127.0.0.1:${dnsPort}`,
      DNS_TIMEOUT_MS: "1000",
    },
    log: (m) => console.log(`[e2e] ${m}`),
  });
  const worker = stack.processes.find((p) => p.name === "worker");
  Object.assign(process.env, {
    E2E_APP_URL: stack.appUrl,
    E2E_OPENAI_URL: fakes.openaiUrl,
    E2E_DEEPGRAM_URL: fakes.deepgramUrl,
    E2E_DEEPGRAM_CONTROL_URL: fakes.deepgram.httpUrl,
    E2E_WORKER_PID: String(worker?.child.pid ?? ""),
    // Lets specs seed calls through the worker's internal API, as the worker would.
    E2E_WORKER_SECRET: stack.env.WORKER_SECRET ?? "",
    // Lets specs arrange what the portal cannot yet (a second membership).
    E2E_DATABASE_URL: stack.databaseUrl,
    E2E_DNS_PORT: String(dnsPort),
  });
  return async () => {
    await stack.stop();
    await fakes.stop();
    if (process.env.E2E_KEEP_DATA !== "1") fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
