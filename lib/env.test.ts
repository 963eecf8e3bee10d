import { describe, expect, it } from "vitest";
import { defaultSecretIssues } from "./env";

const strong = {
  LIVEKIT_API_SECRET: "x".repeat(43),
  NEXTAUTH_SECRET: "n".repeat(43),
  WORKER_SECRET: "w".repeat(43),
  ENCRYPTION_KEY: "e".repeat(43),
};

describe("production secrets", () => {
  it("accepts random secrets", () => {
    expect(defaultSecretIssues(strong)).toEqual([]);
  });

  it("refuses LiveKit's dev secret and the development defaults, naming each variable", () => {
    const issues = defaultSecretIssues({ ...strong, LIVEKIT_API_SECRET: "secret", WORKER_SECRET: "dev-worker-secret-change-me" });
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatch(/^LIVEKIT_API_SECRET: is a development default/);
    expect(issues[1]).toMatch(/^WORKER_SECRET: is a development default/);
  });

  it("refuses a LiveKit secret shorter than 32 characters", () => {
    expect(defaultSecretIssues({ ...strong, LIVEKIT_API_SECRET: "short-but-not-the-default" })).toEqual([
      "LIVEKIT_API_SECRET: must be at least 32 characters in production (LiveKit's own rule for production keys)",
    ]);
  });
});

describe("production start", () => {
  it("fails with a clear error when LIVEKIT_API_SECRET is LiveKit's dev secret", async () => {
    const { spawnSync } = await import("node:child_process");
    const script = 'import("./lib/env.ts").then((m) => { m.env(); console.log("started"); }).catch((e) => { console.error(e.message); process.exit(3); })';
    const run = (extra: Record<string, string>) =>
      spawnSync("node_modules/.bin/tsx", ["--conditions=react-server", "-e", script], {
        encoding: "utf8",
        env: { PATH: process.env.PATH, NODE_ENV: "production", DATABASE_URL: "postgres://u:p@127.0.0.1:1/db", NEXTAUTH_SECRET: strong.NEXTAUTH_SECRET, WORKER_SECRET: strong.WORKER_SECRET, ENCRYPTION_KEY: strong.ENCRYPTION_KEY, ...extra },
      });
    const refused = run({});
    expect(refused.status).toBe(3);
    expect(refused.stderr).toContain("Refusing to start in production with default secrets: LIVEKIT_API_SECRET: is a development default");
    const started = run({ LIVEKIT_API_SECRET: strong.LIVEKIT_API_SECRET });
    expect(started.stderr).toBe("");
    expect(started.stdout.trim()).toBe("started");
  }, 30_000);
});
