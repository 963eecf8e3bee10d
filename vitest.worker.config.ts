// Agent worker tier: unit tests next to agent-worker/ and the provider fakes, plus the
// integration tests in tests/worker/ that run a real LiveKit server and worker process.
import { defineConfig } from "vitest/config";
import { resolve } from "./vitest.shared.ts";

export default defineConfig({
  resolve,
  test: {
    environment: "node",
    include: ["agent-worker/**/*.test.ts", "tests/fakes/**/*.test.ts", "tests/worker/**/*.test.ts"],
    // The integration file owns fixed test ports (LiveKit on 27880-27882) and the native
    // rtc/inference addons are happiest alone in a process: run files one at a time.
    fileParallelism: false,
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 90_000,
    teardownTimeout: 30_000,
  },
});
