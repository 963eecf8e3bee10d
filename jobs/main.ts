// The jobs process (`npm run jobs`): runs every job kind of jobs/registry.ts on pg-boss —
// webhook delivery, post-call processing, join timeouts, and the scheduled sweeps. Any number
// may run side by side. SIGINT/SIGTERM stop it gracefully: no new jobs are taken, running ones
// get time to finish, and whatever is cut short is retried by the next process.
import { closeJobQueue } from "@/lib/jobs/boss";
import { startJobRunner } from "@/lib/jobs/runner";
import { jobDefinitions } from "./registry";

const runner = await startJobRunner(jobDefinitions, { log: (message) => console.log(message) });
// The launcher (scripts/lib/stack.ts) and the tests wait for this line.
console.log("jobs: ready");

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`jobs: ${signal}, stopping`);
  try {
    await runner.stop();
    await closeJobQueue();
    console.log("jobs: stopped");
    process.exit(0);
  } catch (error) {
    console.error("jobs: stop failed:", error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
