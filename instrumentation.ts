// Next.js calls register() once per server process: the Node.js runtime starts the
// background job runner (webhook delivery, post-call processing) unless JOBS_ENABLED=false.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  const config = env();
  if (config.JOBS_ENABLED === "false") return;
  const { startJobRunner } = await import("@/lib/jobs/runner");
  startJobRunner({ intervalMs: config.JOB_POLL_INTERVAL_MS, retryBaseMs: config.JOB_RETRY_BASE_MS, sweepIntervalMs: 30_000 });
}
