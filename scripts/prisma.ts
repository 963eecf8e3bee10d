// Runs the Prisma CLI with the given arguments, working offline.
//
// The Prisma CLI downloads a native schema engine for migrate/db commands.
// Unless PRISMA_SCHEMA_ENGINE_BINARY is already set (e.g. to a native engine
// on a connected machine), point it at our offline engine in prisma/engine/.
//
//   npx tsx scripts/prisma.ts migrate deploy
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const OFFLINE_SCHEMA_ENGINE = path.join(root, "prisma", "engine", "schema-engine.mjs");

/** The environment to run the Prisma CLI with. */
export function prismaEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env = { ...base };
  if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = OFFLINE_SCHEMA_ENGINE;
  // No update checks / telemetry requests.
  env.CHECKPOINT_DISABLE ??= "1";
  env.PRISMA_HIDE_UPDATE_MESSAGE ??= "1";
  // The offline engine is a `#!/usr/bin/env node` script: make sure it runs on
  // the same Node as we do.
  env.PATH = [path.dirname(process.execPath), env.PATH].filter(Boolean).join(path.delimiter);
  return env;
}

/** Path of the Prisma CLI entry point. */
export function prismaCli(): string {
  const require = createRequire(path.join(root, "package.json"));
  return path.join(path.dirname(require.resolve("prisma/package.json")), "build", "index.js");
}

/** Run `prisma <args>`; resolves with its exit code. */
export function runPrisma(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli(), ...args], {
      cwd: options.cwd ?? root,
      env: prismaEnv(options.env),
      stdio: "inherit",
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0)));
  });
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const forward = (signal: NodeJS.Signals) => process.on(signal, () => undefined);
  forward("SIGINT"); // the CLI gets the terminal's Ctrl-C itself
  runPrisma(process.argv.slice(2), { cwd: process.cwd() }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
