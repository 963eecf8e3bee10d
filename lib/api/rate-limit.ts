import "server-only";
import { env } from "@/lib/env";
import { consumeRateLimit, type RateLimitResult } from "@/lib/rate-limit/counter";
import type { Principal, Scope } from "@/lib/tenancy/scope";

export { consumeRateLimit, deleteEndedRateLimitBuckets, MAX_WINDOW_SECONDS, type RateLimitOptions, type RateLimitResult } from "@/lib/rate-limit/counter";

/** X-RateLimit-* (reset in unix seconds), plus Retry-After when the request was refused. */
export function rateLimitHeaders(result: RateLimitResult, now = Date.now()): Record<string, string> {
  const headers: Record<string, string> = {
    "X-RateLimit-Limit": String(result.limit),
    "X-RateLimit-Remaining": String(result.remaining),
    "X-RateLimit-Reset": String(Math.ceil(result.resetAt.getTime() / 1000)),
  };
  if (!result.allowed) headers["Retry-After"] = String(Math.max(1, Math.ceil((result.resetAt.getTime() - now) / 1000)));
  return headers;
}

// API keys get the public per-key limit; signed-in portal users a separate, larger one
// because the portal polls.
export function consumeRequestRateLimit(scope: Pick<Scope, "principal">): Promise<RateLimitResult> {
  const { RATE_LIMIT_PER_MINUTE, SESSION_RATE_LIMIT_PER_MINUTE } = env();
  const p: Principal = scope.principal;
  if (p.kind === "api_key") return consumeRateLimit(`api_key:${p.apiKeyId}`, { limit: RATE_LIMIT_PER_MINUTE, windowSeconds: 60 });
  if (p.kind === "user") return consumeRateLimit(`user:${p.userId}`, { limit: SESSION_RATE_LIMIT_PER_MINUTE, windowSeconds: 60 });
  throw new Error("system scopes are not rate-limited requests");
}
