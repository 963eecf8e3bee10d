import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { call, useFreshDatabase } from "./support";

let assistants: typeof import("@/app/api/v1/assistants/route");
let rateLimit: typeof import("@/lib/api/rate-limit");
let db: typeof import("@/lib/db").db;
let createOrgWithKey: typeof import("./factories").createOrgWithKey;
const extraClients: PrismaClient[] = [];

beforeAll(async () => {
  const url = await useFreshDatabase();
  assistants = await import("@/app/api/v1/assistants/route");
  rateLimit = await import("@/lib/api/rate-limit");
  db = (await import("@/lib/db")).db;
  ({ createOrgWithKey } = await import("./factories"));
  // Two more clients with their own connection pools, as two more app processes would have.
  for (let i = 0; i < 2; i++) extraClients.push(new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) }));
});

afterAll(async () => {
  await Promise.all(extraClients.map((c) => c.$disconnect()));
});

// Fixed one-minute windows: start a burst early in a window so it cannot straddle two.
async function atStartOfFreshWindow() {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 20_000) await new Promise((r) => setTimeout(r, left + 50));
}

describe("consumeRateLimit", () => {
  it("counts per key within a window and starts again in the next one", async () => {
    const now = new Date();
    const windowEnd = new Date(Math.floor(now.getTime() / 60_000) * 60_000 + 60_000);
    const first = await rateLimit.consumeRateLimit("test:reset", { limit: 2, windowSeconds: 60, now });
    expect(first).toEqual({ allowed: true, limit: 2, remaining: 1, resetAt: windowEnd });
    expect(await rateLimit.consumeRateLimit("test:reset", { limit: 2, windowSeconds: 60, now })).toMatchObject({ allowed: true, remaining: 0 });
    expect(await rateLimit.consumeRateLimit("test:reset", { limit: 2, windowSeconds: 60, now })).toMatchObject({ allowed: false, remaining: 0 });
    expect(await rateLimit.consumeRateLimit("test:other", { limit: 2, windowSeconds: 60, now })).toMatchObject({ allowed: true, remaining: 1 });

    // The first instant of the next window is a fresh count.
    const next = await rateLimit.consumeRateLimit("test:reset", { limit: 2, windowSeconds: 60, now: windowEnd });
    expect(next).toEqual({ allowed: true, limit: 2, remaining: 1, resetAt: new Date(windowEnd.getTime() + 60_000) });
    const rows = await db.rateLimitBucket.findMany({ where: { key: "test:reset" }, orderBy: { windowStart: "asc" } });
    expect(rows.map((r) => [r.windowStart.toISOString(), r.count])).toEqual([
      [new Date(windowEnd.getTime() - 60_000).toISOString(), 3],
      [windowEnd.toISOString(), 1],
    ]);
  });

  it("shares one exact counter between separate clients hitting it concurrently", async () => {
    const [one, two] = extraClients as [PrismaClient, PrismaClient];
    const now = new Date();
    const batch = (client: PrismaClient) =>
      Array.from({ length: 60 }, () => rateLimit.consumeRateLimit("test:shared", { limit: 100, windowSeconds: 60, now, client }));
    const results = await Promise.all([...batch(one), ...batch(two)]);
    expect(results.filter((r) => r.allowed)).toHaveLength(100);
    expect(results.filter((r) => !r.allowed)).toHaveLength(20);
    // Every increment was seen exactly once: remaining runs 99..0 with no duplicates.
    const remaining = results.filter((r) => r.allowed).map((r) => r.remaining).sort((a, b) => a - b);
    expect(remaining).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const row = await db.rateLimitBucket.findFirst({ where: { key: "test:shared" } });
    expect(row?.count).toBe(120);
  });

  it("cleans up windows that have ended, keeping current ones", async () => {
    const old = new Date(Date.now() - 30 * 60_000);
    await rateLimit.consumeRateLimit("test:old", { limit: 5, windowSeconds: 60, now: old });
    await rateLimit.consumeRateLimit("test:current", { limit: 5, windowSeconds: 600 });
    expect(await rateLimit.deleteEndedRateLimitBuckets()).toBeGreaterThanOrEqual(1);
    expect(await db.rateLimitBucket.count({ where: { key: "test:old" } })).toBe(0);
    expect(await db.rateLimitBucket.count({ where: { key: "test:current" } })).toBe(1);
  });
});

describe("rate limiting in /api/v1", () => {
  it("answers the 101st request of a minute with 429, headers and Retry-After; other keys are unaffected", async () => {
    const a = await createOrgWithKey("limited");
    const b = await createOrgWithKey("unlimited");
    await atStartOfFreshWindow();
    for (let i = 1; i <= 100; i++) {
      const res = await call(assistants.GET, { key: a.key });
      expect(res.status, `request ${i}`).toBe(200);
      expect(res.headers.get("x-ratelimit-limit")).toBe("100");
      expect(res.headers.get("x-ratelimit-remaining")).toBe(String(100 - i));
    }
    const refused = await call(assistants.GET, { key: a.key });
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: "rate_limit_exceeded", type: "rate_limit_error", param: null });
    expect(refused.headers.get("x-ratelimit-limit")).toBe("100");
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    const reset = Number(refused.headers.get("x-ratelimit-reset"));
    expect(reset % 60).toBe(0);
    expect(reset * 1000).toBeGreaterThan(Date.now());
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Writes are refused too, and nothing is created.
    const write = await call(assistants.POST, { method: "POST", key: a.key, body: { name: "Too many" } });
    expect(write.status).toBe(429);
    expect(await db.assistant.count({ where: { organizationId: a.organization.id } })).toBe(0);

    const other = await call(assistants.GET, { key: b.key });
    expect(other.status).toBe(200);
    expect(other.headers.get("x-ratelimit-remaining")).toBe("99");
  });

  it("puts the headers on errors after authentication but not on a 401", async () => {
    const org = await createOrgWithKey("errors");
    const invalid = await call(assistants.GET, { key: org.key, path: "/api/v1/assistants?limit=0" });
    expect(invalid.status).toBe(422);
    expect(invalid.headers.get("x-ratelimit-limit")).toBe("100");
    const anonymous = await call(assistants.GET, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("x-ratelimit-limit")).toBeNull();
  });
});
