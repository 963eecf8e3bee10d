import "server-only";
import type { PrismaTransactionLike } from "pg-boss";
import { z } from "zod";
import { db } from "@/lib/db";
import { runDialer } from "@/lib/campaigns/dialer";
import { placeCampaignCall } from "@/lib/campaigns/place-call";
import { defineJob } from "@/lib/jobs/define";
import { enqueue } from "@/lib/jobs/enqueue";
import { systemScope, type OrgScope } from "@/lib/tenancy/scope";

// The dialer in the jobs process: one dial job per campaign at a time (exclusive by the
// campaign's id, across every process), each dialling for up to DIAL_BUDGET_MS; the sweep
// queues one, once a minute, for each campaign that is scheduled or still has calls in
// progress, and a campaign that is scheduled gets one at once. Running two processes, or
// one dying mid-run, cannot double-dial: every claim is atomic (lib/campaigns/dialer.ts).

const DIAL_BUDGET_MS = 50_000;

export const dialCampaignJob = defineJob({
  name: "campaigns.dial",
  payload: z.object({ organization_id: z.string().uuid(), campaign_id: z.string().uuid() }),
  retry: { retries: 3, maxDelaySeconds: 60 },
  policy: "exclusive",
  expireInSeconds: 120,
  concurrency: 10,
  handler: async ({ organization_id, campaign_id }, run) => {
    await runDialer(systemScope(organization_id, "campaign dialer"), campaign_id, { placeCall: placeCampaignCall, budgetMs: DIAL_BUDGET_MS, signal: run.signal });
  },
});

/** Queues the campaign's dial job (in the caller's transaction); a queued or running one suffices. */
export async function kickDialer(tx: PrismaTransactionLike | null, scope: OrgScope, campaignId: string): Promise<void> {
  await enqueue(dialCampaignJob, { organization_id: scope.organizationId, campaign_id: campaignId }, { ...(tx ? { tx } : {}), singletonKey: campaignId });
}

/** Campaigns with dialling to do or calls to follow, of every organisation. */
function findCampaignsToDialOfAllOrganizations() {
  return db.campaign.findMany({
    where: { OR: [{ status: "scheduled" }, { leads: { some: { status: "calling" } } }] },
    select: { id: true, organizationId: true },
    take: 1000,
  });
}

export async function sweepCampaigns(): Promise<number> {
  const campaigns = await findCampaignsToDialOfAllOrganizations();
  for (const campaign of campaigns) await kickDialer(null, { organizationId: campaign.organizationId }, campaign.id);
  return campaigns.length;
}

export const sweepCampaignsJob = defineJob({
  name: "campaigns.sweep",
  payload: z.object({}),
  retry: { retries: 0 },
  policy: "exclusive",
  cron: "* * * * *",
  expireInSeconds: 120,
  handler: async () => void (await sweepCampaigns()),
});
