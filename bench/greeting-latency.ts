// Greeting and reply latency of the agent worker, end to end through a real LiveKit
// server, with zero-latency provider fakes (so the numbers are the platform's own cost).
// Not a test: it prints percentiles and asserts nothing.
//
//   npm run bench -- [--calls 10] [--turn-detection stt|vad|local]
//
// Per call: a headless caller joins a fresh room and the agent is dispatched; then
//   greeting = caller joined -> first agent audio frame with energy
//   reply    = last speech sample the caller sent -> first agent audio frame with energy
import { dispose } from "@livekit/rtc-node";
import { AgentDispatchClient } from "livekit-server-sdk";
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { silence, speechLike } from "../tests/fakes/audio";
import { startFakes, type Fakes } from "../tests/fakes/start-fakes";
import { ensureLivekitBinary, startLivekitOnFreePorts, type LivekitServer } from "../scripts/lib/livekit";
import { joinAsCaller, MIC_SAMPLE_RATE } from "../tests/worker/harness/caller";
import { makeCallConfig } from "../tests/worker/harness/fixtures";
import { startInternalApi, type InternalApiStandIn } from "../tests/worker/harness/internal-api";
import { PROJECT_ROOT, startWorker, type WorkerProcess } from "../tests/worker/harness/worker-process";
import { findFreePort } from "../scripts/lib/ports";

const AGENT = "switchboard-agent-bench";
const SECRET = "bench-worker-secret";

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

function summary(name: string, values: number[]): string {
  const fmt = (n: number) => `${Math.round(n)} ms`.padStart(8);
  return `${name.padEnd(34)} n=${String(values.length).padEnd(3)} p50 ${fmt(percentile(values, 50))}  p95 ${fmt(percentile(values, 95))}  min ${fmt(Math.min(...values))}  max ${fmt(Math.max(...values))}`;
}

async function runCall(ctx: { livekit: LivekitServer; fakes: Fakes; api: InternalApiStandIn; dispatch: AgentDispatchClient }) {
  const { livekit, fakes, api, dispatch } = ctx;
  const roomName = `bench-${randomUUID()}`;
  const config = makeCallConfig({ roomName, openaiUrl: fakes.openaiUrl, deepgramUrl: fakes.deepgramUrl });
  api.setCall(config);
  const caller = await joinAsCaller({ url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret, room: roomName });
  try {
    await dispatch.createDispatch(roomName, AGENT, { metadata: JSON.stringify({ call_id: config.call.id }) });
    const greetedAt = await caller.waitForAgentAudio({ timeoutMs: 30_000 });
    const agentJoinedAt = caller.agentAudio[0]?.at ?? greetedAt;
    await caller.waitForAgentQuiet({ quietMs: 700, timeoutMs: 20_000 });

    const spoken = await caller.speak(speechLike(1000, MIC_SAMPLE_RATE));
    void caller.speak(silence(3000, MIC_SAMPLE_RATE));
    const repliedAt = await caller.waitForAgentAudio({ since: spoken.endedAt, timeoutMs: 20_000 });
    await caller.waitForAgentQuiet({ quietMs: 500, timeoutMs: 20_000 });
    await caller.leave();
    await api.waitForEvent(config.call.id, "ended", 15_000);
    return {
      greeting: greetedAt - caller.joinedAt,
      firstAgentFrame: agentJoinedAt - caller.joinedAt,
      reply: repliedAt - spoken.endedAt,
    };
  } finally {
    await caller.leave();
  }
}

async function main() {
  const { values } = parseArgs({
    options: { calls: { type: "string", default: "5" }, "turn-detection": { type: "string", default: "stt" } },
  });
  const calls = Math.max(1, Number(values.calls) || 5);
  const logDir = path.join(PROJECT_ROOT, ".cache", "bench-logs");
  mkdirSync(logDir, { recursive: true });

  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    stops.length = 0;
  };
  process.once("SIGINT", () => void stopAll().then(() => process.exit(130)));

  try {
    const binary = await ensureLivekitBinary(PROJECT_ROOT);
    const livekit = await startLivekitOnFreePorts({
      binary,
      logFile: path.join(logDir, "livekit.log"),
    });
    stops.push(() => livekit.stop());
    const fakes = await startFakes({ openai: { defaultReply: "Sure. We are open from nine to five." } });
    stops.push(() => fakes.stop());
    const api = await startInternalApi({ secret: SECRET });
    stops.push(() => api.close());
    const worker: WorkerProcess = await startWorker({
      env: {
        LIVEKIT_URL: livekit.url,
        LIVEKIT_API_KEY: livekit.apiKey,
        LIVEKIT_API_SECRET: livekit.apiSecret,
        APP_URL: api.url,
        WORKER_SECRET: SECRET,
        AGENT_NAME: AGENT,
        OPENAI_API_KEY: "bench-openai-key",
        DEEPGRAM_API_KEY: "bench-deepgram-key",
        // The platform's provider URLs are the fakes: a per-call base_url elsewhere needs BYOK keys.
        OPENAI_BASE_URL: fakes.openaiUrl,
        DEEPGRAM_BASE_URL: fakes.deepgramUrl,
        WORKER_HTTP_PORT: String(await findFreePort()),
        WORKER_TURN_DETECTION: values["turn-detection"] ?? "stt",
      },
      logFile: path.join(logDir, "worker.log"),
    });
    stops.push(() => worker.stop());
    const dispatch = new AgentDispatchClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);

    console.log(`Running ${calls} calls (turn detection: ${values["turn-detection"]}); logs in ${logDir}`);
    const results: Array<{ greeting: number; firstAgentFrame: number; reply: number }> = [];
    for (let i = 0; i < calls; i++) {
      try {
        const r = await runCall({ livekit, fakes, api, dispatch });
        results.push(r);
        console.log(`call ${i + 1}: greeting ${r.greeting} ms, reply ${r.reply} ms`);
      } catch (error) {
        console.log(`call ${i + 1}: failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    console.log("");
    console.log(summary("join -> agent audio track live", results.map((r) => r.firstAgentFrame)));
    console.log(summary("join -> greeting audio (energy)", results.map((r) => r.greeting)));
    console.log(summary("end of user speech -> reply audio", results.map((r) => r.reply)));
  } finally {
    await stopAll();
    await dispose().catch(() => {});
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
