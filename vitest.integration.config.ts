// Integration tier: tests/integration/**, against a real (embedded) PostgreSQL.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { resolve } from "./vitest.shared.ts";

const root = path.dirname(fileURLToPath(import.meta.url));
// Starts one embedded PostgreSQL for the run and provides its URL ("postgresUrl").
const globalSetup = path.join(root, "tests/integration/global-setup.ts");

export default defineConfig({
  resolve,
  test: {
    environment: "node",
    include: ["tests/integration/**/*.test.ts"],
    globalSetup: fs.existsSync(globalSetup) ? [globalSetup] : [],
    fileParallelism: false,
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
});
