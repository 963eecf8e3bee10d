// Per-turn cost of the full voice runtime against the same pipeline with its optional parts
// off, end to end through a real LiveKit server and the real worker, with zero-latency
// provider fakes (so the figures are the platform's own cost). Not a test: it prints
// percentiles and asserts nothing.
//
//   npm run bench:runtime -- [--rounds 8] [--turns 4] [--tools 3] [--no-tool-turn]
//
// Arms (one worker serves both; calls run one at a time, interleaved A B B A … so drift
// in machine load falls on both arms alike):
//   lean  recording off, no webhook, no tools, no call variables
//   full  recording on (Ogg/Opus through the framework's recorder, uploaded to the
//         internal-API stand-in after the call), a signed webhook for every event on a
//         loopback receiver, `--tools` function tools served by it, call variables
// Per-turn metrics collection has no switch in the worker: it runs in both arms, so the
// ratio covers recording + webhooks + tools + variables.
//
// Per call: greeting (caller joined -> first agent audio), then `--turns` turns of
//   turn latency = the caller's last speech sample sent -> first agent audio frame with energy
// and, in the full arm, one extra turn where the model calls a tool (webhook round trip and
// a second model request), reported separately and kept out of the ratio.
import { parseArgs } from "node:util";
import { buildCallConfig, LEAN, runConversation, type CallFeatures, type ConversationResult } from "./lib/conversation";
import { startBenchStack, type BenchStack } from "./lib/stack";
import { bytes, machineSummary, markdownTable, ms, percentile, ratio, table } from "./lib/stats";
import { startWebhookReceiver, type WebhookReceiver } from "./lib/webhook-receiver";

type Arm = "lean" | "full";

interface CallRecord {
  arm: Arm;
  result: ConversationResult;
  turnLatencies: number[];
  toolTurnLatency?: number;
  /** Worker-side e2e latency of the user turns (from the `ended` report's timings). */
  workerLatencies: number[];
  upload?: { ms: number; bytes: number; afterHangupMs: number };
  hangupToEndedMs?: number;
  webhooks: Record<string, number>;
  badSignatures: number;
}

const REPLY = "Sure, we are open until five.";
const TOOL_REPLY = "On Monday we are open from nine to five.";

function featuresFor(arm: Arm, webhook: WebhookReceiver, tools: number): CallFeatures {
  if (arm === "lean") return LEAN;
  return {
    recording: true,
    webhook: { url: webhook.url, secret: webhook.secret },
    tools,
    metadata: { customer_name: "Bench Caller", account_id: "acct-42", plan: "gold" },
  };
}

async function runOne(stack: BenchStack, webhook: WebhookReceiver, arm: Arm, opts: { turns: number; tools: number; toolTurn: boolean }): Promise<CallRecord> {
  const config = buildCallConfig(stack, featuresFor(arm, webhook, opts.tools));
  const withToolTurn = arm === "full" && opts.toolTurn && opts.tools > 0;
  const turns = opts.turns + (withToolTurn ? 1 : 0);
  stack.fakes.openai.reset();
  const result = await runConversation(stack, config, {
    turns,
    beforeTurn: (index) => {
      if (withToolTurn && index === opts.turns) {
        stack.fakes.openai.queueReplies({ toolCalls: [{ name: "get_opening_hours", arguments: { day: "monday" } }] }, TOOL_REPLY);
      }
    },
  });
  const latencies = result.turns.map((t) => t.latencyMs);
  const callId = config.call.id;
  const upload = stack.uploads.find((u) => u.callId === callId);
  const hooks = webhook.received.filter((w) => w.callId === callId);
  const webhooks: Record<string, number> = {};
  for (const w of hooks) webhooks[w.event] = (webhooks[w.event] ?? 0) + 1;
  const workerLatencies = (result.ended?.timings ?? [])
    .filter((t) => t.end_of_utterance_delay_ms !== null && t.total_latency_ms !== null)
    .map((t) => t.total_latency_ms as number)
    .slice(0, opts.turns);
  return {
    arm,
    result,
    turnLatencies: latencies.slice(0, opts.turns),
    toolTurnLatency: withToolTurn ? latencies[opts.turns] : undefined,
    workerLatencies,
    upload:
      upload && result.leftAt
        ? { ms: upload.finishedAt - upload.startedAt, bytes: upload.bytes, afterHangupMs: upload.finishedAt - result.leftAt }
        : undefined,
    hangupToEndedMs: result.endedAt && result.leftAt ? result.endedAt - result.leftAt : undefined,
    webhooks,
    badSignatures: hooks.filter((w) => !w.signatureValid).length,
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      rounds: { type: "string", default: "8" },
      turns: { type: "string", default: "4" },
      tools: { type: "string", default: "3" },
      "no-tool-turn": { type: "boolean", default: false },
      warmup: { type: "string", default: "1" },
    },
  });
  const rounds = Math.max(1, Number(values.rounds) || 8);
  const turns = Math.max(1, Number(values.turns) || 4);
  const tools = Math.max(0, Number(values.tools) || 0);
  const warmup = Math.max(0, Number(values.warmup) || 0);
  const toolTurn = !values["no-tool-turn"];

  const stack = await startBenchStack({
    name: "runtime",
    openai: { defaultReply: REPLY, msPerChar: 30 },
    workerEnv: { WORKER_MAX_CALLS: "4", WORKER_NUM_IDLE_PROCESSES: "2" },
  });
  try {
    const webhook = await startWebhookReceiver({ secret: "bench-webhook-secret" });
    stack.onStop(() => webhook.close());
    console.log(
      `Runtime overhead: ${rounds} rounds × (lean, full), ${turns} turns per call, ${tools} tools, zero-latency fakes; logs in ${stack.logDir}`,
    );
    console.log(`machine at the start: ${machineSummary()}`);
    const opts = { turns, tools, toolTurn };
    for (let i = 0; i < warmup; i++) {
      for (const arm of ["lean", "full"] as const) {
        const r = await runOne(stack, webhook, arm, opts);
        console.log(`warm-up ${arm}: ${r.result.failure ? `failed: ${r.result.failure}` : `turns ${r.turnLatencies.map(Math.round).join(", ")} ms`}`);
      }
    }
    const records: CallRecord[] = [];
    for (let round = 0; round < rounds; round++) {
      const order: Arm[] = round % 2 === 0 ? ["lean", "full"] : ["full", "lean"];
      for (const arm of order) {
        const r = await runOne(stack, webhook, arm, opts);
        records.push(r);
        const extra = r.toolTurnLatency !== undefined ? `; tool turn ${Math.round(r.toolTurnLatency)} ms` : "";
        const fail = r.result.failure ? `  FAILED: ${r.result.failure}` : "";
        console.log(`round ${round + 1} ${arm.padEnd(4)}: turns ${r.turnLatencies.map(Math.round).join(", ")} ms${extra}${fail}`);
      }
    }
    report(records, { rounds, turns, tools });
  } finally {
    await stack.stop();
  }
}

function report(records: CallRecord[], run: { rounds: number; turns: number; tools: number }) {
  const of = (arm: Arm) => records.filter((r) => r.arm === arm);
  const lean = of("lean");
  const full = of("full");
  const flat = (rs: CallRecord[], pick: (r: CallRecord) => Array<number | undefined>) =>
    rs.flatMap(pick).filter((v): v is number => typeof v === "number" && Number.isFinite(v));

  const rowsFor = (name: string, pick: (r: CallRecord) => Array<number | undefined>) => {
    const a = flat(lean, pick);
    const b = flat(full, pick);
    const [a50, a95, b50, b95] = [percentile(a, 50), percentile(a, 95), percentile(b, 50), percentile(b, 95)];
    return [name, `${a.length}/${b.length}`, ms(a50), ms(a95), ms(b50), ms(b95), ratio(b50, a50), ratio(b95, a95)];
  };
  const header = ["measure", "n lean/full", "lean p50", "lean p95", "full p50", "full p95", "full/lean p50", "full/lean p95"];
  const rows = [
    rowsFor("turn latency (caller: end of speech -> agent audio)", (r) => r.turnLatencies),
    rowsFor("turn latency (worker metrics: e2e)", (r) => r.workerLatencies),
    rowsFor("greeting (caller joined -> agent audio)", (r) => [r.result.greetingMs ?? undefined]),
    rowsFor("hang-up -> ended report received", (r) => [r.hangupToEndedMs]),
  ];
  console.log("");
  console.log(table(header, rows));

  const uploads = full.flatMap((r) => (r.upload ? [r.upload] : []));
  const toolTurns = flat(full, (r) => [r.toolTurnLatency]);
  const endedLean = flat(lean, (r) => [r.result.endedBytes]);
  const endedFull = flat(full, (r) => [r.result.endedBytes]);
  const hooks = new Map<string, number>();
  for (const r of full) for (const [event, n] of Object.entries(r.webhooks)) hooks.set(event, (hooks.get(event) ?? 0) + n);
  const extras = [
    ["recording upload (PUT, worker -> app)", `${uploads.length} of ${full.length} calls`, `p50 ${ms(percentile(uploads.map((u) => u.ms), 50))}`, `p95 ${ms(percentile(uploads.map((u) => u.ms), 95))}`],
    ["recording size", "", `p50 ${bytes(percentile(uploads.map((u) => u.bytes), 50))}`, `max ${bytes(uploads.length ? Math.max(...uploads.map((u) => u.bytes)) : Number.NaN)}`],
    ["hang-up -> recording stored", "", `p50 ${ms(percentile(uploads.map((u) => u.afterHangupMs), 50))}`, `p95 ${ms(percentile(uploads.map((u) => u.afterHangupMs), 95))}`],
    ["ended report size (lean / full)", "", `p50 ${bytes(percentile(endedLean, 50))}`, `p50 ${bytes(percentile(endedFull, 50))}`],
    ["tool turn (model calls a tool: webhook + 2nd request)", `${toolTurns.length} turns`, `p50 ${ms(percentile(toolTurns, 50))}`, `p95 ${ms(percentile(toolTurns, 95))}`],
    [
      "webhooks received per full call",
      [...hooks.entries()].map(([e, n]) => `${e} ${(n / Math.max(1, full.length)).toFixed(1)}`).join(", ") || "none",
      `bad signatures ${full.reduce((n, r) => n + r.badSignatures, 0)}`,
      "",
    ],
  ];
  console.log("");
  console.log(table(["per-call extras (full arm)", "", "", ""], extras));
  const failed = records.filter((r) => r.result.failure);
  console.log("");
  console.log(`calls: ${records.length} (${failed.length} failed${failed.length ? `: ${failed.map((r) => `${r.arm}: ${r.result.failure}`).join("; ")}` : ""})`);
  console.log(`turns measured: lean ${flat(lean, (r) => r.turnLatencies).length}, full ${flat(full, (r) => r.turnLatencies).length} (${run.turns} per call)`);
  console.log(`machine at the end: ${machineSummary()}`);
  console.log("");
  console.log("Markdown:");
  console.log(markdownTable(header, rows));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
