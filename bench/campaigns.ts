// Campaigns: (1) importing 100,000 leads from a generated CSV file through the streamed
// import (lib/campaigns/import-leads.ts), wall time and peak RSS; (2) the dialer's decision
// per dial (lock, concurrency and pacing checks, window, atomic claim, attempt row) with
// 10,000 pending leads, p50/p95 over 500 dials. Not a test: it prints figures and asserts nothing.
//
//   npm run bench:campaigns -- [--rows 100000] [--dials 500]
//
// Everything runs on this machine: a throwaway embedded PostgreSQL, migrated; the lib code
// runs in this process (hence `--conditions=react-server` in the npm script).
import { randomUUID } from "node:crypto";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createDatabase, startEmbeddedPostgres } from "../scripts/lib/postgres";

const ROOT = path.resolve(import.meta.dirname, "..");
const { values } = parseArgs({ options: { rows: { type: "string", default: "100000" }, dials: { type: "string", default: "500" } } });
const ROWS = Number(values.rows);
const DIALS = Number(values.dials);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "switchboard-bench-campaigns-"));
const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, "pg"), quiet: true, ephemeral: true });
try {
  const url = await createDatabase(pg.url, "bench");
  const migrated = spawnSync(process.execPath, ["--import", "tsx", "scripts/prisma.ts", "migrate", "deploy"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
  if (migrated.status !== 0) throw new Error(`migrate deploy failed:\n${migrated.stdout}\n${migrated.stderr}`);
  process.env.DATABASE_URL = url;

  const { db } = await import("../lib/db");
  const { importLeads } = await import("../lib/campaigns/import-leads");
  const { dialNext } = await import("../lib/campaigns/dialer");

  const org = await db.organization.create({ data: { name: "Bench", slug: `bench-${randomUUID().slice(0, 8)}` } });
  const scope = { organizationId: org.id };
  const assistant = await db.assistant.create({ data: { ...scope, name: "Caller", sttConfig: {}, llmConfig: {}, ttsConfig: {} } });
  const trunk = await db.sipTrunk.create({ data: { ...scope, name: "Carrier", outboundAddress: "sip.example.com" } });
  const number = await db.phoneNumber.create({ data: { ...scope, phoneNumber: "+31205550000", transferTrunkId: trunk.id } });
  const newCampaign = (data: Record<string, unknown> = {}) =>
    db.campaign.create({ data: { ...scope, name: "Bench", assistantId: assistant.id, numberId: number.id, retryDelayMinutes: {}, ...data } });

  // (1) Import.
  const file = path.join(tmp, "leads.csv");
  const out = fs.createWriteStream(file);
  out.write("phone_number;name;plan;city\n");
  for (let i = 0; i < ROWS; i++) out.write(`+316${10_000_000 + i};Lead ${i};gold;"Amsterdam, NL"\n`);
  await new Promise<void>((resolve) => out.end(resolve));
  const campaign = await newCampaign();
  let peak = process.memoryUsage().rss;
  const before = peak;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const result = await importLeads(scope, campaign.id, fs.createReadStream(file));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  console.log(`import: ${result.imported} of ${result.total} rows (${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MiB) in ${seconds.toFixed(2)} s (${Math.round(result.total / seconds)} rows/s); RSS ${mb(before)} before, peak ${mb(peak)}`);

  // (2) Dial decisions with 10,000 pending leads. The call placement creates the Call row the
  // outbound path would; its time is measured apart and left out of the decision figure.
  const dialCampaign = await newCampaign({ status: "scheduled", maxConcurrentCalls: 1_000_000, callsPerSecond: 10, scheduleStartTime: "00:00:00", scheduleEndTime: "23:59:59", daysOfWeek: [1, 2, 3, 4, 5, 6, 7], autoPauseFailureRate: null });
  for (let i = 0; i < 10_000; i += 1000) {
    await db.campaignLead.createMany({ data: Array.from({ length: 1000 }, (_, j) => ({ ...scope, campaignId: dialCampaign.id, phoneNumber: `+317${10_000_000 + i + j}` })) });
  }
  let placing = 0;
  const placeCall = async () => {
    const t = performance.now();
    const call = await db.call.create({ data: { ...scope, type: "outbound", status: "dialing", roomName: `bench-${randomUUID()}`, assistantSnapshot: {} } });
    placing = performance.now() - t;
    return { callId: call.id };
  };
  let now = Date.now();
  const totals: number[] = [];
  const decisions: number[] = [];
  for (let i = 0; i < DIALS + 20; i++) {
    now += 200;
    const t = performance.now();
    const step = await dialNext(scope, dialCampaign.id, { placeCall, now: () => new Date(now) });
    const total = performance.now() - t;
    if (step.kind !== "dialled") throw new Error(`unexpected step ${JSON.stringify(step)}`);
    if (i < 20) continue; // warm-up
    totals.push(total);
    decisions.push(total - placing);
  }
  totals.sort((a, b) => a - b);
  decisions.sort((a, b) => a - b);
  console.log(`dialer: ${DIALS} dials with 10000 pending leads: decision p50 ${percentile(decisions, 50).toFixed(2)} ms, p95 ${percentile(decisions, 95).toFixed(2)} ms (with placing the Call row: p50 ${percentile(totals, 50).toFixed(2)} ms, p95 ${percentile(totals, 95).toFixed(2)} ms)`);
  await db.$disconnect();
} finally {
  await pg.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
