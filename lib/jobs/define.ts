import type { z } from "zod";

// A job kind: its queue name, the payload it accepts, how it is retried and what runs it.
// Definitions live next to the domain code they run (lib/webhooks/deliver.ts, lib/calls/…)
// and are listed once in jobs/registry.ts, which the jobs process (and a web process with
// JOBS_ENABLED=true) runs. Handlers must be idempotent: a job runs again after a failure, after
// its process died mid-run, or when its worker lost the claim.

export interface RetryPolicy {
  /** Runs after the first one before the job fails for good (0: never retried). */
  retries: number;
  /**
   * Longest delay between two runs, in seconds. The first retry waits JOB_RETRY_BASE_MS
   * (rounded up to whole seconds; 0 retries at once), each further one about twice as long.
   */
  maxDelaySeconds?: number;
}

export interface JobRun {
  id: string;
  /** 1 for the first run. */
  attempt: number;
  /** The run after which the job fails for good. */
  maxAttempts: number;
  /** Aborted when the run is past its time budget (`expireInSeconds`) or the process stops. */
  signal: AbortSignal;
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  /** The queue name, `<domain>.<verb>`. */
  name: string;
  payload: S;
  retry: RetryPolicy;
  /**
   * How long one run may take before it counts as lost (its process died, say) and is retried.
   * Default 15 minutes; keep it short for jobs that must recover quickly. A function is read
   * when the queue is set up (it may depend on the environment).
   */
  expireInSeconds?: number | (() => number);
  /**
   * `exclusive`: at most one job of this kind queued or running at a time (sweeps, scheduled
   * jobs). Default `standard`.
   */
  policy?: "standard" | "exclusive";
  /** Jobs that fail for good are kept in `<name>.dead` for inspection and redrive. */
  deadLetter?: boolean;
  /** Recurring: a cron expression (UTC, minute resolution) the jobs process schedules it on. */
  cron?: string;
  /** Jobs of this kind run at most this many at a time per process. Default 5. */
  concurrency?: number;
  // Method syntax: a definition of any payload type fits in a list of definitions.
  handler(payload: z.output<S>, run: JobRun): Promise<void>;
}

/** Declares a job kind; the payload type of the handler and of `enqueue` follows the schema. */
export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}

export const deadLetterQueueOf = (definition: Pick<JobDefinition, "name">) => `${definition.name}.dead`;
