import { describe, expect, it } from "vitest";
import { consumeRateLimit, rateLimitHeaders } from "./rate-limit";

describe("rateLimitHeaders", () => {
  const resetAt = new Date("2030-01-01T00:01:00Z");
  const now = resetAt.getTime() - 45_500;

  it("gives limit, remaining and the reset as unix seconds", () => {
    expect(rateLimitHeaders({ allowed: true, limit: 100, remaining: 7, resetAt }, now)).toEqual({
      "X-RateLimit-Limit": "100",
      "X-RateLimit-Remaining": "7",
      "X-RateLimit-Reset": String(resetAt.getTime() / 1000),
    });
  });

  it("adds Retry-After in whole seconds (at least 1) when refused", () => {
    expect(rateLimitHeaders({ allowed: false, limit: 100, remaining: 0, resetAt }, now)["Retry-After"]).toBe("46");
    expect(rateLimitHeaders({ allowed: false, limit: 100, remaining: 0, resetAt }, resetAt.getTime())["Retry-After"]).toBe("1");
  });
});

describe("consumeRateLimit", () => {
  it("refuses windows it cannot clean up safely", async () => {
    await expect(consumeRateLimit("k", { limit: 1, windowSeconds: 3600 })).rejects.toThrow(/windowSeconds/);
    await expect(consumeRateLimit("k", { limit: 1, windowSeconds: 0.5 })).rejects.toThrow(/windowSeconds/);
  });
});
