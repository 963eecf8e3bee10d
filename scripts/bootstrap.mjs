// `npm start` and `npm test` begin here, on whatever Node runs npm: on a fresh clone that is
// the system's Node (20 will do), so this file is plain JavaScript with no dependencies. It
// installs the dependencies when node_modules is missing or older than the lockfile, then runs
// the given script on the project's own Node 24 (node_modules/.bin/node) through tsx.
//   node scripts/bootstrap.mjs scripts/start.ts [args…]
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error("usage: node scripts/bootstrap.mjs <script.ts> [args…]");
  process.exit(2);
}

const bin = path.join(root, "node_modules", ".bin");
const node = path.join(bin, "node");
// npm rewrites its own record of the tree, node_modules/.package-lock.json, on every install.
const installedRecord = path.join(root, "node_modules", ".package-lock.json");
const mtimeOf = (file) => fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs;

function isInstallCurrent() {
  const installed = mtimeOf(installedRecord);
  if (installed === undefined || !fs.existsSync(node)) return false;
  return (mtimeOf(path.join(root, "package-lock.json")) ?? 0) <= installed;
}

if (!isInstallCurrent()) {
  console.log("Installing dependencies (node_modules is missing or older than package-lock.json)…");
  // `npm install` rather than `npm ci`: the registry reachable here has no darwin/win32 builds of
  // some optional platform packages (@next/swc-*, @tailwindcss/oxide-*), so the lockfile cannot
  // list them and `npm ci` refuses it; `npm install` keeps the locked versions.
  const npm = process.env.npm_execpath;
  const result = npm
    ? spawnSync(process.execPath, [npm, "install", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" })
    : spawnSync("npm", ["install", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`npm install failed (${result.error?.message ?? `exit ${result.status}`})`);
    process.exit(result.status || 1);
  }
  // npm may write package-lock.json after its own record; this install is the current one.
  const now = new Date();
  fs.utimesSync(installedRecord, now, now);
}

const child = spawn(node, ["--import", "tsx", path.resolve(root, script), ...args], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, PATH: [bin, process.env.PATH].join(path.delimiter) },
});
// The child hears a terminal's Ctrl-C itself (same process group); forwarding covers signals
// sent to this process alone (npm passes its own on). Its exit is ours.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
