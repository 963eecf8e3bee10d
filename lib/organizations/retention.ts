import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { defineJob } from "@/lib/jobs/define";
import { recordingStorage } from "@/lib/recordings/recordings";
import { orgWhere, systemScope, type OrgScope } from "@/lib/tenancy/scope";

// Retention (PATCH /organizations): every day, calls older than the organisation's content
// window lose their transcript and recording; calls older than its metadata window are deleted
// (with their usage records, webhook deliveries and commands). Only finished calls are touched.
// Idempotent: a run after a crash finds only what is still left to do.

const DAY_MS = 24 * 3600_000;
const BATCH = 500;
const FINISHED = ["ended", "failed"] as const;

export type RetentionResult = { contentPurged: number; callsDeleted: number };

/** Every organisation with a retention window (platform-wide; each is then handled in its own scope). */
function findRetentionPoliciesOfAllOrganizations() {
  return db.organizationRetention.findMany({
    where: { OR: [{ contentRetentionDays: { not: null } }, { metadataRetentionDays: { not: null } }] },
    select: { organizationId: true, contentRetentionDays: true, metadataRetentionDays: true },
  });
}

async function deleteRecordings(keys: (string | null)[]) {
  for (const key of keys) {
    if (!key) continue;
    try {
      await recordingStorage().delete(key);
    } catch (error) {
      // The row keeps its key, so the next run tries again.
      console.error(`Retention: could not delete recording ${key}`, error);
      throw error;
    }
  }
}

/** Clears transcripts and recordings of the organisation's finished calls created before `cutoff`. */
export async function purgeCallContent(scope: OrgScope, cutoff: Date): Promise<number> {
  let purged = 0;
  for (;;) {
    const calls = await db.call.findMany({
      where: {
        ...orgWhere(scope), status: { in: [...FINISHED] }, createdAt: { lt: cutoff },
        OR: [{ recordingKey: { not: null } }, { NOT: { transcript: { equals: [] } } }],
      },
      select: { id: true, recordingKey: true },
      take: BATCH,
    });
    if (calls.length === 0) return purged;
    await deleteRecordings(calls.map((c) => c.recordingKey));
    const { count } = await db.call.updateMany({ where: { ...orgWhere(scope), id: { in: calls.map((c) => c.id) } }, data: { transcript: [], recordingKey: null } });
    purged += count;
  }
}

/** Deletes the organisation's finished calls created before `cutoff`, recordings first. */
export async function deleteOldCalls(scope: OrgScope, cutoff: Date): Promise<number> {
  let deleted = 0;
  for (;;) {
    const calls = await db.call.findMany({
      where: { ...orgWhere(scope), status: { in: [...FINISHED] }, createdAt: { lt: cutoff } },
      select: { id: true, recordingKey: true },
      take: BATCH,
    });
    if (calls.length === 0) return deleted;
    await deleteRecordings(calls.map((c) => c.recordingKey));
    const { count } = await db.call.deleteMany({ where: { ...orgWhere(scope), id: { in: calls.map((c) => c.id) } } });
    deleted += count;
  }
}

export async function applyRetention(now = new Date()): Promise<RetentionResult> {
  const result: RetentionResult = { contentPurged: 0, callsDeleted: 0 };
  for (const policy of await findRetentionPoliciesOfAllOrganizations()) {
    const scope = systemScope(policy.organizationId, "retention");
    if (policy.contentRetentionDays !== null) result.contentPurged += await purgeCallContent(scope, new Date(now.getTime() - policy.contentRetentionDays * DAY_MS));
    if (policy.metadataRetentionDays !== null) result.callsDeleted += await deleteOldCalls(scope, new Date(now.getTime() - policy.metadataRetentionDays * DAY_MS));
  }
  return result;
}

// Daily at 03:17 UTC, one run at a time across every process.
export const applyRetentionJob = defineJob({
  name: "organizations.apply-retention",
  payload: z.object({}),
  retry: { retries: 2, maxDelaySeconds: 600 },
  policy: "exclusive",
  cron: "17 3 * * *",
  expireInSeconds: 3600,
  handler: async () => {
    const result = await applyRetention();
    if (result.contentPurged || result.callsDeleted) console.log(`Retention: content purged from ${result.contentPurged} calls, ${result.callsDeleted} calls deleted`);
  },
});
