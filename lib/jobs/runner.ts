import "server-only";
import { PgBoss, type JobWithMetadata } from "pg-boss";
import { env } from "@/lib/env";
import { bossOptions, ensureQueue, jobQueue, queueOptionsOf } from "@/lib/jobs/boss";
import type { JobDefinition, JobRun } from "@/lib/jobs/define";

// Runs job kinds: one pg-boss worker per kind, and the recurring ones on their schedule. Any
// number of processes may run it side by side: a job is claimed by one of them (SKIP LOCKED),
// a scheduled job is sent once per occurrence, and a job whose process died is retried once its
// run has expired.


async function runOne(definition: JobDefinition, job: JobWithMetadata<unknown>): Promise<void> {
  const payload = definition.payload.parse(job.data);
  const run: JobRun = { id: job.id, attempt: job.retryCount + 1, maxAttempts: job.retryLimit + 1, signal: job.signal };
  try {
    await definition.handler(payload, run);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (run.attempt >= run.maxAttempts) console.error(`job ${definition.name} ${job.id} failed after ${run.attempt} attempts: ${message}`);
    throw error;
  }
}

export interface JobRunner {
  stop(): Promise<void>;
}

/** Starts workers for `definitions` (and their schedules) on a pg-boss connection of its own. */
export async function startJobRunner(definitions: readonly JobDefinition[], options: { log?: (message: string) => void } = {}): Promise<JobRunner> {
  const config = env();
  const boss = new PgBoss(bossOptions(config, "runner"));
  boss.on("error", (error) => console.error("jobs:", error instanceof Error ? error.message : error));
  await boss.start();
  try {
    for (const definition of definitions) {
      await ensureQueue(boss, definition);
      // A queue created by an older release keeps its settings until they are applied again.
      const { policy: _policy, deadLetter, retryDelayMax, ...settings } = queueOptionsOf(definition, config);
      await boss.updateQueue(definition.name, { ...settings, deadLetter: deadLetter ?? null, retryDelayMax: retryDelayMax ?? null });
      await boss.work(
        definition.name,
        {
          includeMetadata: true,
          batchSize: 1,
          localConcurrency: definition.concurrency ?? 5,
          pollingIntervalSeconds: config.JOB_POLL_INTERVAL_MS / 1000,
        },
        async ([job]) => {
          if (job) await runOne(definition, job);
        },
      );
      if (definition.cron) await boss.schedule(definition.name, definition.cron, {});
    }
  } catch (error) {
    await boss.stop({ graceful: false, timeout: 1000 }).catch(() => undefined);
    throw error;
  }
  options.log?.(`jobs: running ${definitions.map((d) => d.name).join(", ")}`);
  return {
    // Running handlers get up to 20 s to finish; what is cut short is retried after expiry.
    stop: () => boss.stop({ graceful: true, timeout: 20_000 }),
  };
}

/**
 * Runs the jobs of one kind that are due now, once each, in this process (tests and one-off
 * tools; the jobs process uses workers). A failing job goes back to the queue for its retry.
 * `ignoreStartAfter` also takes delayed jobs. Returns how many ran.
 */
export async function runDueJobs(def: JobDefinition, options: { limit?: number; ignoreStartAfter?: boolean } = {}): Promise<number> {
  const boss = await jobQueue();
  await ensureQueue(boss, def);
  const jobs = await boss.fetch<unknown>(def.name, { batchSize: options.limit ?? 10, includeMetadata: true, ignoreStartAfter: options.ignoreStartAfter ?? false });
  await Promise.all(
    jobs.map(async (job) => {
      try {
        await runOne(def, job);
        await boss.complete(def.name, job.id);
      } catch (error) {
        await boss.fail(def.name, job.id, { message: error instanceof Error ? error.message : String(error) });
      }
    }),
  );
  return jobs.length;
}
