// Next.js calls register() once per server process. Background jobs run in their own process
// (`npm run jobs`); with JOBS_ENABLED=true this web process runs every job kind as well (a
// single-process install). Either way it opens its queue connection now, so the first request
// that enqueues does not pay for it (nor, on a new database, for installing pg-boss's schema).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  const config = env();
  const { jobQueue } = await import("@/lib/jobs/boss");
  await jobQueue().catch((error) => console.error("job queue unavailable:", error instanceof Error ? error.message : error));
  if (config.JOBS_ENABLED !== "true") return;
  const [{ startJobRunner }, { jobDefinitions }] = await Promise.all([import("@/lib/jobs/runner"), import("@/jobs/registry")]);
  // Jobs cut short when the server exits are retried once their run expires.
  await startJobRunner(jobDefinitions, { log: (message) => console.log(message) });
}
