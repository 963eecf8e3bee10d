import "server-only";
import { db } from "@/lib/db";
import { enqueueJob, registerJobHandler, type JobContext } from "@/lib/jobs/queue";
import type { Prisma } from "@/lib/generated/prisma/client";
import { meterCallUsage } from "@/lib/usage/meter-call";
import { analyseCall } from "@/lib/analysis/analyse-call";
import { enqueueEndOfCallReport } from "@/lib/webhooks/call-webhooks";

// Post-call processing, as one job per finished call: meter usage and cost, analyse
// (summary + structured data), then queue the end-of-call-report webhook, which carries all
// of it. Every step is idempotent, so a re-run (retry, crash) produces the same rows and at
// most one report.

export const FINALISE_CALL_JOB = "call.finalise";

const payloadOf = (payload: unknown): string => {
  const callId = (payload as { call_id?: unknown } | null)?.call_id;
  if (typeof callId !== "string") throw new Error("call.finalise job without a call_id");
  return callId;
};

/** Queues post-call processing for a call that just ended (inside the caller's transaction when given). */
export async function enqueueFinaliseCall(callId: string, tx?: Prisma.TransactionClient) {
  const client = tx ?? db;
  await client.call.updateMany({ where: { id: callId, analysisStatus: null }, data: { analysisStatus: "pending" } });
  return enqueueJob(FINALISE_CALL_JOB, { call_id: callId }, { tx, maxAttempts: 4 });
}

export async function finaliseCall(callId: string, job: Pick<JobContext, "attempt" | "maxAttempts"> = { attempt: 1, maxAttempts: 1 }) {
  const metered = await meterCallUsage(callId);
  if (!metered) return; // not found or not finished: nothing to do

  const analysis = await analyseCall(callId);
  // A provider failure is retried with the job; the last attempt sends the report anyway
  // (analysis_status "failed"), so the integrator still hears that the call ended.
  if (analysis?.retryable && job.attempt < job.maxAttempts) {
    throw new Error(`analysis failed, will retry: ${analysis.error}`);
  }
  await enqueueEndOfCallReport(callId);
}

export function registerCallJobs(): void {
  registerJobHandler(FINALISE_CALL_JOB, (payload, job) => finaliseCall(payloadOf(payload), job));
}
