import "server-only";
import { db } from "@/lib/db";

// Fixed-window counters in PostgreSQL (table rate_limit_buckets), so every app process
// shares them: one atomic upsert per request, no read-then-write race.
export type RateLimitResult = { allowed: boolean; limit: number; remaining: number; resetAt: Date };

type CounterClient = Pick<typeof db, "$queryRaw" | "rateLimitBucket">;
export type RateLimitOptions = {
  limit: number;
  windowSeconds: number;
  /** The clock (tests). */
  now?: Date;
  /** Another Prisma client (tests simulating a second process). */
  client?: CounterClient;
};

// Windows are at most this long, so any bucket that started earlier than this has ended.
export const MAX_WINDOW_SECONDS = 600;
const CLEANUP_EVERY_MS = 60_000;
let lastCleanupAt = 0;

export async function consumeRateLimit(key: string, options: RateLimitOptions): Promise<RateLimitResult> {
  const { limit, windowSeconds } = options;
  if (!Number.isInteger(windowSeconds) || windowSeconds < 1 || windowSeconds > MAX_WINDOW_SECONDS) {
    throw new Error(`windowSeconds must be an integer between 1 and ${MAX_WINDOW_SECONDS}`);
  }
  const client = options.client ?? db;
  const nowMs = (options.now ?? new Date()).getTime();
  // Windows are aligned to the epoch, so every process agrees on where one starts.
  const windowStart = Math.floor(nowMs / 1000 / windowSeconds) * windowSeconds;
  const rows = await client.$queryRaw<{ count: number }[]>`
    INSERT INTO rate_limit_buckets (key, window_start, count)
    VALUES (${key}, to_timestamp(${windowStart}::double precision) AT TIME ZONE 'UTC', 1)
    ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_buckets.count + 1
    RETURNING count`;
  const count = Number(rows[0]?.count ?? 1);
  if (nowMs - lastCleanupAt >= CLEANUP_EVERY_MS) {
    lastCleanupAt = nowMs;
    await deleteEndedRateLimitBuckets(new Date(nowMs), client).catch((error) => console.error("Rate-limit cleanup failed", error));
  }
  return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetAt: new Date((windowStart + windowSeconds) * 1000) };
}

/** Deletes buckets whose window has certainly ended (cheap: indexed on window_start). */
export async function deleteEndedRateLimitBuckets(now = new Date(), client: CounterClient = db) {
  const { count } = await client.rateLimitBucket.deleteMany({
    where: { windowStart: { lt: new Date(now.getTime() - MAX_WINDOW_SECONDS * 1000) } },
  });
  return count;
}
