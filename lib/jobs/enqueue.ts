import "server-only";
import { fromPrisma, type PrismaTransactionLike } from "pg-boss";
import type { z } from "zod";
import { ensureQueue, jobQueue } from "@/lib/jobs/boss";
import type { JobDefinition } from "@/lib/jobs/define";

// The one way domain code queues background work. It knows nothing of what the jobs do, so
// any module can enqueue without importing the jobs process.

export interface EnqueueOptions {
  /**
   * The caller's Prisma interactive transaction: the job is inserted on it, so it exists if and
   * only if the change that caused it commits.
   */
  tx?: PrismaTransactionLike;
  /** Not before this time (a Date) or this many seconds from now. */
  startAfter?: Date | number;
  /** At most one queued job with this key (per kind); a second enqueue returns null. */
  singletonKey?: string;
  /** Overrides the kind's retry count for this job. */
  retries?: number;
}

/** Queues one job of `definition`'s kind; returns its id (null when a singleton key held it back). */
export async function enqueue<S extends z.ZodType>(definition: JobDefinition<S>, payload: z.input<S>, options: EnqueueOptions = {}): Promise<string | null> {
  const data = definition.payload.parse(payload) as object;
  const boss = await jobQueue();
  await ensureQueue(boss, definition);
  return boss.send(definition.name, data, {
    ...(options.tx ? { db: fromPrisma(options.tx) } : {}),
    ...(options.startAfter !== undefined ? { startAfter: options.startAfter } : {}),
    ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
    ...(options.retries !== undefined ? { retryLimit: options.retries } : {}),
  });
}
