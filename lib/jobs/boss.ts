import "server-only";
import { PgBoss, type ConstructorOptions, type Queue } from "pg-boss";
import { env, type Env } from "@/lib/env";
import { deadLetterQueueOf, type JobDefinition } from "@/lib/jobs/define";

// pg-boss keeps its tables in a schema of its own in the application's database, created (and
// migrated) by the first process that starts it; Prisma's migrations never touch it.
export const JOBS_SCHEMA = "pgboss";

export function bossOptions(config: Env, role: "sender" | "runner"): ConstructorOptions {
  return {
    connectionString: config.DATABASE_URL,
    schema: JOBS_SCHEMA,
    application_name: `switchboard-jobs-${role}`,
    migrate: true,
    // A sender only enqueues (and, in tests, drains by hand); the runner also supervises: it
    // retries jobs whose process died (past their expireInSeconds) and sends scheduled jobs.
    supervise: role === "runner",
    schedule: role === "runner",
    superviseIntervalSeconds: config.JOBS_SUPERVISE_INTERVAL_SECONDS,
    monitorIntervalSeconds: config.JOBS_SUPERVISE_INTERVAL_SECONDS,
    max: role === "runner" ? 10 : 3,
  };
}

/** The queue's settings (retries with backoff, lost-run expiry, dead letter) from its definition. */
export function queueOptionsOf(definition: JobDefinition, config: Env = env()): Omit<Queue, "name"> {
  const retryDelay = Math.ceil(config.JOB_RETRY_BASE_MS / 1000);
  const expire = typeof definition.expireInSeconds === "function" ? definition.expireInSeconds() : definition.expireInSeconds;
  return {
    policy: definition.policy ?? "standard",
    retryLimit: definition.retry.retries,
    retryDelay,
    retryBackoff: retryDelay > 0,
    ...(definition.retry.maxDelaySeconds && retryDelay > 0 ? { retryDelayMax: definition.retry.maxDelaySeconds } : {}),
    ...(expire ? { expireInSeconds: expire } : {}),
    ...(definition.deadLetter ? { deadLetter: deadLetterQueueOf(definition) } : {}),
  };
}

const ensured = new WeakMap<PgBoss, Map<string, Promise<void>>>();

/** Creates the definition's queue (and its dead letter queue) once per connection; a no-op when it exists. */
export function ensureQueue(boss: PgBoss, definition: JobDefinition): Promise<void> {
  let queues = ensured.get(boss);
  if (!queues) ensured.set(boss, (queues = new Map()));
  let done = queues.get(definition.name);
  if (!done) {
    done = (async () => {
      if (definition.deadLetter) await boss.createQueue(deadLetterQueueOf(definition));
      await boss.createQueue(definition.name, queueOptionsOf(definition));
    })();
    done.catch(() => queues.delete(definition.name));
    queues.set(definition.name, done);
  }
  return done;
}

type Shared = { sender?: Promise<PgBoss> };
const shared = globalThis as unknown as { switchboardJobs?: Shared };

/**
 * This process's connection to the queue, started on first use. Enqueueing goes through it
 * (the insert itself runs on the caller's transaction when one is given).
 */
export function jobQueue(): Promise<PgBoss> {
  const state = (shared.switchboardJobs ??= {});
  state.sender ??= (async () => {
    const boss = new PgBoss(bossOptions(env(), "sender"));
    boss.on("error", (error) => console.error("job queue:", error instanceof Error ? error.message : error));
    await boss.start();
    return boss;
  })().catch((error) => {
    state.sender = undefined;
    throw error;
  });
  return state.sender;
}

/** Closes this process's queue connection (tests, shutdown). */
export async function closeJobQueue(): Promise<void> {
  const state = shared.switchboardJobs;
  const sender = state?.sender;
  if (!state || !sender) return;
  state.sender = undefined;
  await (await sender.catch(() => null))?.stop({ graceful: false, timeout: 1000 });
}
