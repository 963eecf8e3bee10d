import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

// A small Postgres-backed job queue. Jobs are claimed with FOR UPDATE SKIP LOCKED, so any
// number of app processes can run it side by side; a failing job is retried with
// exponential backoff until it has used its attempts. Handlers are registered per kind
// (lib/jobs/handlers.ts) and must be idempotent: a job can run again after a crash.

export interface JobContext {
  id: string;
  /** 1 for the first run. */
  attempt: number;
  maxAttempts: number;
  /** When this run throws and attempts remain: the delay before the next run. */
  retryDelayMs: number;
}
export type JobHandler = (payload: unknown, job: JobContext) => Promise<void>;

const handlers = new Map<string, JobHandler>();

export function registerJobHandler(kind: string, handler: JobHandler): void {
  handlers.set(kind, handler);
}

export interface EnqueueOptions {
  runAt?: Date;
  maxAttempts?: number;
  /** Enqueue inside a caller's transaction. */
  tx?: Prisma.TransactionClient;
}

export async function enqueueJob(kind: string, payload: Prisma.InputJsonValue, options: EnqueueOptions = {}) {
  const client = options.tx ?? db;
  return client.job.create({
    data: { kind, payload, runAt: options.runAt ?? new Date(), maxAttempts: options.maxAttempts ?? 5 },
    select: { id: true },
  });
}

/** Delay before retry number `attempt` (1 = the first retry): base·2^(attempt-1), capped. */
export function retryDelayMs(attempt: number, baseMs: number, capMs = 10 * 60_000): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), capMs);
}

type ClaimedJob = { id: string; kind: string; payload: unknown; attempts: number; max_attempts: number };

// A job left `running` this long belongs to a process that died; it is claimed again.
const STALE_LOCK_MS = 5 * 60_000;

async function claimJobs(limit: number, kinds?: string[]): Promise<ClaimedJob[]> {
  const staleBefore = new Date(Date.now() - STALE_LOCK_MS);
  const kindFilter = kinds?.length ? kinds : null;
  return db.$queryRaw<ClaimedJob[]>`
    UPDATE jobs SET status = 'running', locked_at = now(), attempts = attempts + 1, updated_at = now()
    WHERE id IN (
      SELECT id FROM jobs
      WHERE ((status = 'queued' AND run_at <= now()) OR (status = 'running' AND locked_at < ${staleBefore}))
        AND (${kindFilter}::text[] IS NULL OR kind = ANY(${kindFilter}::text[]))
      ORDER BY run_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, kind, payload, attempts, max_attempts`;
}

export interface RunJobsOptions {
  limit?: number;
  /** Only these kinds (tests); all registered kinds otherwise. */
  kinds?: string[];
  retryBaseMs?: number;
}

/** Claims and runs the jobs that are due. Returns how many ran. */
export async function runDueJobs(options: RunJobsOptions = {}): Promise<number> {
  const jobs = await claimJobs(options.limit ?? 10, options.kinds);
  await Promise.all(jobs.map((job) => runJob(job, options.retryBaseMs ?? 2000)));
  return jobs.length;
}

async function runJob(job: ClaimedJob, retryBaseMs: number): Promise<void> {
  const handler = handlers.get(job.kind);
  try {
    if (!handler) throw new Error(`no handler registered for job kind ${job.kind}`);
    const context = { id: job.id, attempt: job.attempts, maxAttempts: job.max_attempts, retryDelayMs: retryDelayMs(job.attempts, retryBaseMs) };
    await handler(job.payload, context);
    await db.job.update({ where: { id: job.id }, data: { status: "succeeded", lockedAt: null, lastError: null } });
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
    const exhausted = job.attempts >= job.max_attempts;
    await db.job.update({
      where: { id: job.id },
      data: exhausted
        ? { status: "failed", lockedAt: null, lastError: message }
        : { status: "queued", lockedAt: null, lastError: message, runAt: new Date(Date.now() + retryDelayMs(job.attempts, retryBaseMs)) },
    });
    if (exhausted) console.error(`job ${job.kind} ${job.id} failed after ${job.attempts} attempts: ${message}`);
  }
}
