// Throughput and latency of /api/v1 through the one wrapper (API-key lookup, shared
// rate-limit counter, role check, error mapping) on the production build, next to a
// baseline: the same Prisma queries behind a bare node:http server (bench/api-baseline-server.ts).
// Not a test: it prints figures and asserts nothing.
//
//   npm run bench:api -- [--duration 10] [--connections 10]
//
// Everything runs on this machine on loopback: a throwaway embedded PostgreSQL, `next start`
// (built first when sources changed), the baseline process, and autocannon in this process.
import autocannon, { type Options } from "autocannon";
import { createHash, randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "../lib/generated/prisma/client";
import { defaultLlmConfig, defaultSttConfig, defaultTtsConfig } from "../lib/schemas/assistant";
import { startEmbeddedPostgres } from "../scripts/lib/postgres";
import { findFreePort } from "../scripts/lib/ports";
import { startProcess, waitForHttp, type ManagedProcess } from "../scripts/lib/processes";
import { needsBuild } from "../scripts/lib/stack";

const ROOT = path.resolve(import.meta.dirname, "..");

type Scenario = { name: string; options: Options };
type Figures = { name: string; rps: number; p50: number; p95: number; p99: number; total: number; non2xx: number; errors: number };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

// One warm-up second, then the measured run; latencies are collected per response.
async function measure(scenario: Scenario, duration: number, connections: number): Promise<Figures> {
  await autocannon({ ...scenario.options, connections, duration: 1 });
  const latencies: number[] = [];
  const instance = autocannon({ ...scenario.options, connections, duration });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    name: scenario.name,
    rps: result.requests.total / result.duration,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

function row(f: Figures): string {
  const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(9);
  const problems = f.non2xx || f.errors ? `  (${f.non2xx} non-2xx, ${f.errors} errors)` : "";
  return `${f.name.padEnd(44)} ${f.rps.toFixed(0).padStart(7)} req/s  p50 ${ms(f.p50)}  p95 ${ms(f.p95)}  p99 ${ms(f.p99)}${problems}`;
}

async function main() {
  const { values } = parseArgs({ options: { duration: { type: "string", default: "10" }, connections: { type: "string", default: "10" } } });
  const duration = Math.max(1, Number(values.duration) || 10);
  const connections = Math.max(1, Number(values.connections) || 10);

  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    stops.length = 0;
  };
  process.once("SIGINT", () => void stopAll().then(() => process.exit(130)));

  try {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchboard-bench-api-"));
    stops.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), quiet: true });
    stops.push(() => pg.stop());
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: pg.url };
    const migrated = spawnSync("tsx", ["scripts/prisma.ts", "migrate", "deploy"], { cwd: ROOT, env, encoding: "utf8" });
    if (migrated.status !== 0) throw new Error(`migrate deploy failed:\n${migrated.stdout}\n${migrated.stderr}`);

    if (needsBuild(ROOT)) {
      console.log("Building the web app (sources changed)…");
      const built = spawnSync("next", ["build"], { cwd: ROOT, env: { ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" }, encoding: "utf8" });
      if (built.status !== 0) throw new Error(`next build failed:\n${built.stdout}\n${built.stderr}`);
    }

    // An organisation with an API key (hashed the way lib/api-keys/api-keys.ts does) and 20 assistants.
    const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: pg.url }) });
    stops.push(() => db.$disconnect());
    const org = await db.organization.create({ data: { name: "Bench Ltd", slug: `bench-${randomBytes(4).toString("hex")}`, kind: "client" } });
    const key = `sb_live_${randomBytes(24).toString("base64url")}`;
    await db.apiKey.create({ data: { organizationId: org.id, name: "bench", prefix: key.slice(0, 14), hashedKey: createHash("sha256").update(key).digest("hex") } });
    for (let i = 0; i < 20; i++) {
      await db.assistant.create({ data: { organizationId: org.id, name: `Assistant ${i + 1}`, sttConfig: defaultSttConfig(), llmConfig: defaultLlmConfig() as Prisma.InputJsonValue, ttsConfig: defaultTtsConfig() } });
    }

    const appPort = await findFreePort();
    const secret = () => randomBytes(32).toString("base64url");
    const app: ManagedProcess = startProcess("web", "next", ["start", "-H", "127.0.0.1", "-p", String(appPort)], {
      cwd: ROOT,
      env: {
        ...env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        APP_URL: `http://127.0.0.1:${appPort}`,
        NEXTAUTH_URL: `http://127.0.0.1:${appPort}`,
        NEXTAUTH_SECRET: secret(),
        WORKER_SECRET: secret(),
        ENCRYPTION_KEY: secret(),
        // No LiveKit here; production refuses its dev secret all the same.
        LIVEKIT_API_SECRET: secret(),
        // The counter is still incremented on every request; it just never refuses one.
        RATE_LIMIT_PER_MINUTE: "1000000000",
      },
      logs: "quiet",
    });
    stops.push(() => app.stop());
    const appUrl = `http://127.0.0.1:${appPort}`;
    await waitForHttp(`${appUrl}/api/v1/health`, { timeoutMs: 60_000, abortIf: () => (app.child.exitCode !== null ? `next start exited:\n${app.recentOutput()}` : null) });

    const baseline = startProcess("baseline", "tsx", ["bench/api-baseline-server.ts"], { cwd: ROOT, env: { ...env, BENCH_ORGANIZATION_ID: org.id }, logs: "quiet" });
    stops.push(() => baseline.stop());
    await baseline.waitForLine(/^listening \d+$/, 30_000);
    const baselinePort = /listening (\d+)/.exec(baseline.recentOutput())?.[1];
    const baselineUrl = `http://127.0.0.1:${baselinePort}`;

    const auth = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const body = JSON.stringify({ name: "Bench assistant" });
    // Reads first, while every list holds the same 20 assistants; the writes come after.
    const scenarios: Scenario[] = [
      { name: "Next.js GET /api/v1/health (no wrapper)", options: { url: `${appUrl}/api/v1/health` } },
      { name: "wrapper GET /api/v1/api-keys (tiny handler)", options: { url: `${appUrl}/api/v1/api-keys?limit=1`, headers: auth } },
      { name: "baseline GET (bare node:http + Prisma)", options: { url: `${baselineUrl}/assistants` } },
      { name: "wrapper GET /api/v1/assistants (API key)", options: { url: `${appUrl}/api/v1/assistants`, headers: auth } },
      { name: "baseline POST (bare node:http + Prisma)", options: { url: `${baselineUrl}/assistants`, method: "POST", headers: { "content-type": "application/json" }, body } },
      { name: "wrapper POST /api/v1/assistants (API key)", options: { url: `${appUrl}/api/v1/assistants`, method: "POST", headers: auth, body } },
    ];

    console.log(`${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "unknown"}), Node ${process.version}; ${duration} s per scenario after 1 s of warm-up, ${connections} connections, loopback.`);
    console.log("Baseline = the same Prisma queries in a bare node:http process: no Next.js, no auth, no rate limit, no zod.\n");
    const results: Figures[] = [];
    for (const scenario of scenarios) {
      const figures = await measure(scenario, duration, connections);
      results.push(figures);
      console.log(row(figures));
    }

    const [health, tiny, getBase, getWrapped, postBase, postWrapped] = results as [Figures, Figures, Figures, Figures, Figures, Figures];
    console.log("");
    // Both run trivial queries in the same Next.js server; the difference is mostly the wrapper's
    // two extra round trips (key lookup, counter upsert).
    console.log(`wrapper cost (tiny handler vs health): p50 +${(tiny.p50 - health.p50).toFixed(1)} ms, throughput ×${(tiny.rps / health.rps).toFixed(2)}`);
    for (const [what, wrapped, base] of [["GET ", getWrapped, getBase], ["POST", postWrapped, postBase]] as const) {
      console.log(`${what} wrapper/baseline: throughput ×${(wrapped.rps / base.rps).toFixed(2)}, p50 ×${(wrapped.p50 / base.p50).toFixed(2)}, p99 ×${(wrapped.p99 / base.p99).toFixed(2)}`);
    }
    const buckets = await db.rateLimitBucket.aggregate({ _sum: { count: true } });
    console.log(`Rate-limit counter increments recorded (warm-ups included): ${buckets._sum.count ?? 0}`);
  } finally {
    await stopAll();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
