// Telephony tier: tests/telephony/**, the whole stack with LiveKit SIP and sipp as the phone.
import { defineConfig } from "vitest/config";
import { resolve } from "./vitest.shared.ts";

export default defineConfig({
  resolve,
  test: {
    environment: "node",
    include: ["tests/telephony/**/*.test.ts"],
    fileParallelism: false,
    pool: "forks",
    testTimeout: 120_000,
    hookTimeout: 600_000,
    teardownTimeout: 60_000,
  },
});
