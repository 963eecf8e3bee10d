// How many simultaneous calls one agent worker carries on this machine before turn latency
// degrades, end to end through a real LiveKit server, with zero-latency provider fakes.
// Not a test: it prints a table and asserts nothing.
//
//   npm run bench:concurrency -- [--levels 1,2,4,6,8,10,12,16] [--turns 4] [--min-turns 24]
//                                 [--budget-ms 150] [--max-minutes 15] [--lean] [--keep-going]
//
// Each level starts N headless rtc-node callers at once (a fresh room each, the agent
// dispatched to each); when every call has been greeted they all speak `--turns` utterances
// (a speech-like signal), each after the agent's previous reply. A level runs enough waves
// of N calls to measure at least `--min-turns` turns.
//   turn latency = the caller's last speech sample sent -> first agent audio frame with energy
// It always includes the end-of-turn wait (the STT's trailing silence and the framework's
// minimum endpointing delay, about 0.9 s together), so the 150 ms budget is applied to what
// load adds: a level passes while its p95 stays within `--budget-ms` of the one-call p95 and
// no call or turn fails. The worker's own measurement (framework metrics: user stopped ->
// agent started speaking, and turn committed -> agent speaking) is printed alongside.
//
// Calls run the full runtime (recording, webhook, tools, call variables) unless --lean.
// The worker counts capacity in calls (WORKER_MAX_CALLS above the largest level), so it
// never refuses a job for CPU load. Everything listens on 127.0.0.1 and stops on exit/SIGINT.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { buildCallConfig, LEAN, runConversation, type CallFeatures, type ConversationResult } from "./lib/conversation";
import { startBenchStack, type BenchStack } from "./lib/stack";
import { machineSummary, markdownTable, ms, percentile, table } from "./lib/stats";
import { startWebhookReceiver, type WebhookReceiver } from "./lib/webhook-receiver";

const REPLY = "Sure, we are open until five.";
const signedMs = (n: number) => (n >= 0 ? `+${ms(n)}` : `−${ms(-n)}`);
const sleep = (t: number) => new Promise<void>((r) => setTimeout(r, t));

/** Releases everyone once `size` participants arrived or withdrew (or after `timeoutMs`). */
class Barrier {
  #waiting = 0;
  #released = false;
  #release!: () => void;
  readonly #done = new Promise<void>((resolve) => (this.#release = resolve));
  constructor(
    private size: number,
    timeoutMs: number,
  ) {
    setTimeout(() => this.#open(), timeoutMs).unref();
  }
  #open() {
    this.#released = true;
    this.#release();
  }
  #check() {
    if (!this.#released && this.#waiting >= this.size) this.#open();
  }
  arrive(): Promise<void> {
    this.#waiting++;
    this.#check();
    return this.#done;
  }
  /** A participant that will never arrive (its call failed before the greeting ended). */
  withdraw(): void {
    this.size--;
    this.#check();
  }
}

/** Busy share of all CPUs between two /proc/stat samples. */
function cpuSample(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

interface LevelResult {
  calls: number;
  waves: number;
  results: ConversationResult[];
  latencies: number[];
  workerE2e: number[];
  workerAfterCommit: number[];
  failures: string[];
  cpuBusy: number;
  seconds: number;
}

async function runLevel(
  stack: BenchStack,
  features: CallFeatures,
  calls: number,
  opts: { turns: number; minTurns: number },
): Promise<LevelResult> {
  const waves = Math.max(1, Math.ceil(opts.minTurns / (calls * opts.turns)));
  const results: ConversationResult[] = [];
  const cpu0 = cpuSample();
  const t0 = Date.now();
  for (let wave = 0; wave < waves; wave++) {
    const barrier = new Barrier(calls, 90_000);
    const wavesResults = await Promise.all(
      Array.from({ length: calls }, async (_, i) => {
        // Joins spread over a second, so N rooms are not created in the same instant.
        await sleep((i * 1000) / calls);
        let arrived = false;
        const result = await runConversation(stack, buildCallConfig(stack, features), {
          turns: opts.turns,
          turnTimeoutMs: 20_000,
          afterGreeting: async () => {
            arrived = true;
            await barrier.arrive();
            // Spread the first utterances so the calls' turns do not run in lockstep.
            await sleep(Math.random() * 1500);
          },
        });
        if (!arrived) barrier.withdraw();
        return result;
      }),
    );
    results.push(...wavesResults);
  }
  const cpu1 = cpuSample();
  const userTurns = (r: ConversationResult) =>
    (r.ended?.timings ?? []).filter((t) => t.end_of_utterance_delay_ms !== null && t.total_latency_ms !== null);
  return {
    calls,
    waves,
    results,
    latencies: results.flatMap((r) => r.turns.map((t) => t.latencyMs)),
    workerE2e: results.flatMap((r) => userTurns(r).map((t) => t.total_latency_ms as number)),
    workerAfterCommit: results.flatMap((r) =>
      userTurns(r).map((t) => Math.max(0, (t.total_latency_ms as number) - (t.end_of_utterance_delay_ms as number))),
    ),
    failures: results.flatMap((r) => (r.failure ? [r.failure] : [])),
    cpuBusy: cpu1.total > cpu0.total ? (cpu1.busy - cpu0.busy) / (cpu1.total - cpu0.total) : Number.NaN,
    seconds: (Date.now() - t0) / 1000,
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      levels: { type: "string", default: "1,2,4,6,8,10,12,16" },
      turns: { type: "string", default: "4" },
      "min-turns": { type: "string", default: "24" },
      "budget-ms": { type: "string", default: "150" },
      "max-minutes": { type: "string", default: "15" },
      idle: { type: "string", default: "4" },
      lean: { type: "boolean", default: false },
      "keep-going": { type: "boolean", default: false },
    },
  });
  const levels = (values.levels ?? "")
    .split(",")
    .map((v) => Math.floor(Number(v)))
    .filter((n) => n >= 1 && n <= 16)
    .sort((a, b) => a - b);
  if (levels.length === 0) throw new Error("--levels: give calls per level between 1 and 16, e.g. 1,2,4,8");
  const turns = Math.max(1, Number(values.turns) || 4);
  const minTurns = Math.max(1, Number(values["min-turns"]) || 24);
  const budgetMs = Number(values["budget-ms"]) || 150;
  const capMs = (Number(values["max-minutes"]) || 15) * 60_000;
  const maxLevel = levels[levels.length - 1] ?? 1;

  const stack = await startBenchStack({
    name: "concurrency",
    openai: { defaultReply: REPLY, msPerChar: 30 },
    workerEnv: {
      // Capacity by call count, above the largest level: the worker never reports itself full.
      WORKER_MAX_CALLS: String(maxLevel + 4),
      WORKER_NUM_IDLE_PROCESSES: String(Math.max(0, Number(values.idle) || 0)),
    },
  });
  const started = Date.now();
  try {
    let webhook: WebhookReceiver | undefined;
    let features: CallFeatures = LEAN;
    if (!values.lean) {
      webhook = await startWebhookReceiver({ secret: "bench-webhook-secret" });
      const receiver = webhook;
      stack.onStop(() => receiver.close());
      features = {
        recording: true,
        webhook: { url: webhook.url, secret: webhook.secret },
        tools: 3,
        metadata: { customer_name: "Bench Caller", account_id: "acct-42" },
      };
    }
    console.log(
      `Concurrency: levels ${levels.join(", ")}; ${turns} turns per call, at least ${minTurns} turns per level; ` +
        `${values.lean ? "lean" : "full"} runtime; budget p95 <= one-call p95 + ${budgetMs} ms; logs in ${stack.logDir}`,
    );
    console.log(`machine at the start: ${machineSummary()}`);
    // One call first, so process start-up and first-use costs are not part of level 1.
    const warm = await runConversation(stack, buildCallConfig(stack, features), { turns: 1 });
    console.log(`warm-up: ${warm.failure ? `failed: ${warm.failure}` : `turn ${Math.round(warm.turns[0]?.latencyMs ?? Number.NaN)} ms`}`);

    const done: LevelResult[] = [];
    let baselineP95: number | undefined;
    let sustained = 0;
    let allPassed = true;
    let stoppedBy = "";
    for (const calls of levels) {
      if (Date.now() - started > capMs) {
        stoppedBy = `time cap (${values["max-minutes"]} min) reached before ${calls} calls`;
        break;
      }
      const level = await runLevel(stack, features, calls, { turns, minTurns });
      done.push(level);
      const p95 = percentile(level.latencies, 95);
      baselineP95 ??= p95;
      const expectedTurns = level.results.length * turns;
      const missing = expectedTurns - level.latencies.length;
      const pass = level.failures.length === 0 && missing === 0 && p95 - baselineP95 <= budgetMs;
      console.log(
        `${String(calls).padStart(2)} calls: ${level.latencies.length}/${expectedTurns} turns, p50 ${ms(percentile(level.latencies, 50))}, ` +
          `p95 ${ms(p95)} (${signedMs(p95 - baselineP95)} vs one call), failed calls ${level.failures.length}, cpu ${Math.round(level.cpuBusy * 100)} %, ${level.seconds.toFixed(0)} s` +
          (pass ? "" : "  <- over budget"),
      );
      for (const failure of new Set(level.failures)) console.log(`   failure: ${failure}`);
      allPassed &&= pass;
      if (allPassed) sustained = calls;
      if (!pass && !values["keep-going"]) {
        stoppedBy = `stopped at the first level over budget (${calls} calls)`;
        break;
      }
    }

    const header = [
      "calls",
      "turns measured",
      "p50",
      "p95",
      "p95 - one-call p95",
      "failed calls",
      "worker e2e p50",
      "worker e2e p95",
      "worker commit->speech p95",
      "CPU busy",
    ];
    const base = baselineP95 ?? Number.NaN;
    const rows = done.map((d) => [
      String(d.calls),
      String(d.latencies.length),
      ms(percentile(d.latencies, 50)),
      ms(percentile(d.latencies, 95)),
      signedMs(percentile(d.latencies, 95) - base),
      String(d.failures.length),
      ms(percentile(d.workerE2e, 50)),
      ms(percentile(d.workerE2e, 95)),
      ms(percentile(d.workerAfterCommit, 95)),
      `${Math.round(d.cpuBusy * 100)} %`,
    ]);
    console.log("");
    console.log(table(header, rows));
    console.log("");
    if (stoppedBy) console.log(`(${stoppedBy})`);
    console.log(
      sustained > 0
        ? `sustains ${sustained} concurrent calls with p95 turn latency within ${budgetMs} ms of one call's (p95 < ${ms(base + budgetMs)} here)`
        : `sustains no level within the budget (one call's p95 is ${ms(base)})`,
    );
    console.log(`machine at the end: ${machineSummary()}`);
    console.log("");
    console.log("Markdown:");
    console.log(markdownTable(header, rows));
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
