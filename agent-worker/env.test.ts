import { describe, expect, it } from "vitest";
import { parseWorkerEnv } from "./env";

describe("parseWorkerEnv", () => {
  it("has loopback dev defaults", () => {
    const env = parseWorkerEnv({});
    expect(env).toMatchObject({
      LIVEKIT_URL: "ws://127.0.0.1:7880",
      LIVEKIT_API_KEY: "devkey",
      LIVEKIT_API_SECRET: "secret",
      APP_URL: "http://127.0.0.1:3000",
      WORKER_SECRET: "dev-worker-secret-change-me",
      AGENT_NAME: "switchboard-agent",
      WORKER_HOST: "127.0.0.1",
      WORKER_MAX_CALLS: 10,
    });
    expect(env.WORKER_HTTP_PORT).toBeUndefined();
    expect(env.OPENAI_API_KEY).toBeUndefined();
  });

  it("treats empty strings as unset and validates URLs", () => {
    expect(parseWorkerEnv({ DEEPGRAM_API_KEY: "", OPENAI_BASE_URL: "" }).DEEPGRAM_API_KEY).toBeUndefined();
    expect(() => parseWorkerEnv({ OPENAI_BASE_URL: "not a url" })).toThrow(/OPENAI_BASE_URL/);
  });

  it("requires WORKER_SECRET in production", () => {
    expect(() => parseWorkerEnv({ NODE_ENV: "production" })).toThrow(/WORKER_SECRET is required in production/);
    expect(parseWorkerEnv({ NODE_ENV: "production", WORKER_SECRET: "s".repeat(32) }).WORKER_SECRET).toBe("s".repeat(32));
  });

  it("accepts Infinity as a load threshold", () => {
    expect(parseWorkerEnv({ WORKER_LOAD_THRESHOLD: "Infinity" }).WORKER_LOAD_THRESHOLD).toBe(Infinity);
    expect(parseWorkerEnv({ WORKER_LOAD_THRESHOLD: "0.9" }).WORKER_LOAD_THRESHOLD).toBe(0.9);
    expect(() => parseWorkerEnv({ WORKER_LOAD_THRESHOLD: "lots" })).toThrow(/WORKER_LOAD_THRESHOLD/);
  });

  it("allows private networks for tool servers unless OUTBOUND_ALLOW_PRIVATE_NETWORKS is false", () => {
    expect(parseWorkerEnv({}).OUTBOUND_ALLOW_PRIVATE_NETWORKS).toBe(true);
    expect(parseWorkerEnv({ OUTBOUND_ALLOW_PRIVATE_NETWORKS: "" }).OUTBOUND_ALLOW_PRIVATE_NETWORKS).toBe(true);
    expect(parseWorkerEnv({ OUTBOUND_ALLOW_PRIVATE_NETWORKS: "false" }).OUTBOUND_ALLOW_PRIVATE_NETWORKS).toBe(false);
    expect(parseWorkerEnv({ OUTBOUND_ALLOW_PRIVATE_NETWORKS: "0" }).OUTBOUND_ALLOW_PRIVATE_NETWORKS).toBe(false);
    expect(() => parseWorkerEnv({ OUTBOUND_ALLOW_PRIVATE_NETWORKS: "no" })).toThrow(/OUTBOUND_ALLOW_PRIVATE_NETWORKS/);
  });
});
