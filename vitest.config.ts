import { defineConfig } from "vitest/config";
import { resolve } from "./vitest.shared.ts";

// Unit tier: fast tests next to the code, no servers.
export default defineConfig({
  resolve,
  test: {
    include: ["lib/**/*.test.ts", "components/**/*.test.ts", "scripts/**/*.test.ts", "tests/unit/**/*.test.ts"],
    environment: "node",
    env: { NODE_ENV: "test", DATABASE_URL: "postgresql://unused@127.0.0.1:1/unused" },
  },
});
