import { describe, expect, it } from "vitest";
import { z } from "zod";
import { bossOptions, JOBS_SCHEMA, queueOptionsOf } from "@/lib/jobs/boss";
import { defineJob } from "@/lib/jobs/define";
import type { Env } from "@/lib/env";

const config = (overrides: Partial<Env>) =>
  ({ DATABASE_URL: "postgresql://u@127.0.0.1:1/db", JOB_RETRY_BASE_MS: 2000, JOBS_SUPERVISE_INTERVAL_SECONDS: 60, ...overrides }) as Env;

const job = (extra: Partial<Parameters<typeof defineJob>[0]> = {}) =>
  defineJob({ name: "test.job", payload: z.object({}), retry: { retries: 3, maxDelaySeconds: 600 }, handler: async () => {}, ...extra });

describe("queueOptionsOf", () => {
  it("retries with backoff from JOB_RETRY_BASE_MS (whole seconds), capped by the kind's maximum", () => {
    expect(queueOptionsOf(job(), config({}))).toEqual({ policy: "standard", retryLimit: 3, retryDelay: 2, retryBackoff: true, retryDelayMax: 600 });
    expect(queueOptionsOf(job(), config({ JOB_RETRY_BASE_MS: 1500 }))).toMatchObject({ retryDelay: 2, retryBackoff: true });
  });

  it("retries at once without backoff when JOB_RETRY_BASE_MS is 0", () => {
    expect(queueOptionsOf(job(), config({ JOB_RETRY_BASE_MS: 0 }))).toEqual({ policy: "standard", retryLimit: 3, retryDelay: 0, retryBackoff: false });
  });

  it("carries the policy, the run's time budget (also computed) and the dead letter queue", () => {
    const options = queueOptionsOf(job({ policy: "exclusive", expireInSeconds: () => 42, deadLetter: true }), config({}));
    expect(options).toMatchObject({ policy: "exclusive", expireInSeconds: 42, deadLetter: "test.job.dead" });
  });
});

describe("bossOptions", () => {
  it("keeps pg-boss in its own schema; only the runner supervises and schedules", () => {
    const sender = bossOptions(config({}), "sender");
    const runner = bossOptions(config({ JOBS_SUPERVISE_INTERVAL_SECONDS: 5 }), "runner");
    expect(sender).toMatchObject({ schema: JOBS_SCHEMA, supervise: false, schedule: false, migrate: true });
    expect(runner).toMatchObject({ schema: JOBS_SCHEMA, supervise: true, schedule: true, superviseIntervalSeconds: 5, monitorIntervalSeconds: 5 });
  });
});
