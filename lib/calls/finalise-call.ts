import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { defineJob, type JobRun } from "@/lib/jobs/define";
import { enqueue } from "@/lib/jobs/enqueue";
import { meterCallUsage } from "@/lib/usage/meter-call";
import { analyseCall } from "@/lib/analysis/analyse-call";
import { enqueueEndOfCallReport } from "@/lib/calls/call-webhooks";
import { orgWhere, systemScope, type OrgScope } from "@/lib/tenancy/scope";
import { findCallScope } from "@/lib/tenancy/system-scope";

// Post-call processing, as one job per finished call: meter usage and cost, analyse
// (summary + structured data), then queue the end-of-call-report webhook, which carries all
// of it. Every step is idempotent, so a re-run (retry, crash) produces the same rows and at
// most one report.

export async function finaliseCall(scope: OrgScope, callId: string, job: Pick<JobRun, "attempt" | "maxAttempts"> = { attempt: 1, maxAttempts: 1 }) {
  const metered = await meterCallUsage(scope, callId);
  if (!metered) return; // not found or not finished: nothing to do

  const analysis = await analyseCall(scope, callId);
  // A provider failure is retried with the job; the last attempt sends the report anyway
  // (analysis_status "failed"), so the integrator still hears that the call ended.
  if (analysis?.retryable && job.attempt < job.maxAttempts) {
    throw new Error(`analysis failed, will retry: ${analysis.error}`);
  }
  await enqueueEndOfCallReport(scope, callId);
}

const FINALISE = "post-call processing";

export const finaliseCallJob = defineJob({
  name: "call.finalise",
  // organization_id is absent from jobs queued by an older release: the call's owner is read then.
  payload: z.object({ call_id: z.uuid(), organization_id: z.uuid().optional() }),
  retry: { retries: 3, maxDelaySeconds: 600 },
  // The last attempt sends the report whatever the analysis did, so a job that still fails
  // (the database, say) is kept for a redrive.
  deadLetter: true,
  expireInSeconds: 300,
  handler: async ({ call_id, organization_id }, run) => {
    const scope = organization_id ? systemScope(organization_id, FINALISE) : await findCallScope(call_id, FINALISE);
    if (scope) await finaliseCall(scope, call_id, run);
  },
});

/** Queues post-call processing for a call that just ended (inside the caller's transaction when given). */
export async function enqueueFinaliseCall(scope: OrgScope, callId: string, tx?: Prisma.TransactionClient) {
  const client = tx ?? db;
  await client.call.updateMany({ where: { id: callId, ...orgWhere(scope), analysisStatus: null }, data: { analysisStatus: "pending" } });
  return enqueue(finaliseCallJob, { call_id: callId, organization_id: scope.organizationId }, { tx });
}
