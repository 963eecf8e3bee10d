import "server-only";
import { runDueJobs } from "@/lib/jobs/queue";
import { registerJobHandlers } from "@/lib/jobs/handlers";
import { reconcileEndedCalls, sweepStaleCalls } from "@/lib/calls/sweep-stale-calls";

// The background loop of a web process: runs due jobs, and now and then ends calls whose
// room is gone. Several processes may run it at once: jobs are claimed with SKIP LOCKED and
// the sweep only changes calls that are still in progress.

export interface JobRunnerOptions {
  intervalMs: number;
  retryBaseMs: number;
  /** How often the stale-call sweep runs; 0 disables it. */
  sweepIntervalMs?: number;
  batchSize?: number;
}

export function startJobRunner(options: JobRunnerOptions): () => Promise<void> {
  registerJobHandlers();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  let lastSweep = 0;

  const tick = async () => {
    try {
      // Drain: keep going while full batches come back, then wait for the next interval.
      const limit = options.batchSize ?? 10;
      while (!stopped && (await runDueJobs({ limit, retryBaseMs: options.retryBaseMs })) >= limit);
      if (options.sweepIntervalMs && Date.now() - lastSweep >= options.sweepIntervalMs) {
        lastSweep = Date.now();
        await sweepStaleCalls();
        await reconcileEndedCalls();
      }
    } catch (error) {
      // A database blip must not kill the loop; the next tick tries again.
      console.error("job runner tick failed:", error instanceof Error ? error.message : error);
    }
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = tick().finally(schedule);
    }, options.intervalMs);
    timer.unref?.();
  };
  schedule();

  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await current;
  };
}
