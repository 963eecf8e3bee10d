// `npm test`: every tier, in order, then one line totalling them all.
//   npm test                      all tiers
//   npm test -- unit integration  only those tiers
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureLivekitBinary } from "./lib/livekit.ts";
import { ensureLivekitSipBinary, LIVEKIT_SIP_BUILD_PACKAGES } from "./lib/livekit-sip.ts";
import { findOnPath } from "./lib/which.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const reports = fs.mkdtempSync(path.join(os.tmpdir(), "switchboard-test-"));
type Counts = { passed: number; failed: number; skipped: number };

const vitestTier = (name: string, config?: string) => ({
  name,
  command: ["vitest", "run", ...(config ? ["--config", config] : []), "--reporter=default", "--reporter=json", `--outputFile.json=${reports}/${name}.json`],
  env: {},
  read(): Counts {
    const r = JSON.parse(fs.readFileSync(`${reports}/${name}.json`, "utf8"));
    return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
  },
});

const tiers = [
  vitestTier("unit"),
  vitestTier("integration", "vitest.integration.config.ts"),
  vitestTier("worker", "vitest.worker.config.ts"),
  // The whole stack with LiveKit SIP; sipp is the phone.
  vitestTier("telephony", "vitest.telephony.config.ts"),
  {
    name: "e2e",
    command: ["playwright", "test", "--reporter=list,json"],
    env: { PLAYWRIGHT_JSON_OUTPUT_FILE: `${reports}/e2e.json` },
    read(): Counts {
      const s = JSON.parse(fs.readFileSync(`${reports}/e2e.json`, "utf8")).stats;
      return { passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped };
    },
  },
];

function ensureSystemPackages(telephony: boolean) {
  // Redis: LiveKit's SIP APIs need it (the integration, e2e and telephony tiers).
  const commands: [string, string][] = [["chromium", "chromium"], ["espeak-ng", "espeak-ng"], ["redis-server", "redis-server"]];
  if (telephony) commands.push(["sipp", "sip-tester"], ["sox", "sox"]);
  const installed = (pkg: string) => spawnSync("dpkg-query", ["-W", "-f=${Status}", pkg], { encoding: "utf8" }).stdout?.includes("install ok installed");
  // The build libraries only when LiveKit SIP must be built here (their run-time libraries come with them).
  const mustBuildSip = telephony && !fs.existsSync(path.join(root, ".bin", "livekit-sip")) && !findOnPath("livekit-sip");
  const missing = [
    ...commands.filter(([command]) => !findOnPath(command) && !fs.existsSync(`/usr/bin/${command}`)).map(([, pkg]) => pkg),
    ...(mustBuildSip ? LIVEKIT_SIP_BUILD_PACKAGES.filter((pkg) => !installed(pkg)) : []),
  ];
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing)];
  console.log(`Installing ${pkgs.join(", ")} from Debian…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  spawnSync("apt-get", ["update"], { stdio: "inherit", env });
  const r = spawnSync("apt-get", ["install", "-y", "--no-install-recommends", ...pkgs], { stdio: "inherit", env });
  if (r.status !== 0) throw new Error(`apt-get install ${pkgs.join(" ")} failed`);
}

function step(name: string, command: string[]) {
  console.log(`\n== ${name}: ${command.join(" ")}`);
  const r = spawnSync(command[0]!, command.slice(1), { cwd: root, stdio: "inherit" });
  return r.status === 0;
}

const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const selected = wanted.length ? tiers.filter((t) => wanted.includes(t.name)) : tiers;
if (wanted.length && selected.length !== wanted.length) {
  console.error(`Unknown tier in ${wanted.join(", ")}; tiers are ${tiers.map((t) => t.name).join(", ")}`);
  process.exit(2);
}

const started = Date.now();
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
const summary: string[] = [];

if (selected.some((t) => t.name !== "unit")) {
  const telephony = selected.some((t) => t.name === "telephony");
  ensureSystemPackages(telephony);
  await ensureLivekitBinary(root);
  if (telephony) await ensureLivekitSipBinary(root);
}
for (const [name, command] of [
  ["generate", ["tsx", "scripts/prisma.ts", "generate"]],
  ["typecheck", ["tsc", "--noEmit", "-p", "."]],
  // The worker again on its own, without DOM types (agent-worker/tsconfig.json).
  ["typecheck worker", ["tsc", "--noEmit", "-p", "agent-worker"]],
  ["lint", ["eslint", "--max-warnings", "0", "."]],
] as const) {
  if (!step(name, [...command])) {
    total.failed += 1;
    summary.push(`${name}: FAILED`);
  }
}

for (const tier of selected) {
  console.log(`\n== ${tier.name}: ${tier.command.join(" ")}`);
  const t0 = Date.now();
  const r = spawnSync(tier.command[0]!, tier.command.slice(1), { cwd: root, stdio: "inherit", env: { ...process.env, ...tier.env } });
  let counts: Counts;
  try {
    counts = tier.read();
  } catch {
    counts = { passed: 0, failed: 1, skipped: 0 }; // the tier crashed before reporting
  }
  if (r.status !== 0 && counts.failed === 0) counts.failed = 1; // e.g. a failing hook or teardown
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
  summary.push(`${tier.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}

console.log(`\n${summary.join("\n")}\ntotal time ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);
