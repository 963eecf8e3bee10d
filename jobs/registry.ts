import "server-only";
import { deliverWebhookJob } from "@/lib/webhooks/deliver";
import { finaliseCallJob } from "@/lib/calls/finalise-call";
import { joinTimeoutJob } from "@/lib/calls/join-timeout";
import { reconcileEndedCallsJob, sweepStaleCallsJob } from "@/lib/calls/sweep-stale-calls";
import { applyRetentionJob } from "@/lib/organizations/retention";
import { dialCampaignJob, sweepCampaignsJob } from "@/lib/campaigns/dial-job";

// Every job kind, in one place: what the jobs process (and a web process with JOBS_ENABLED=true)
// runs. A new kind is defined next to its domain code with defineJob() and added here.
export const jobDefinitions = [deliverWebhookJob, finaliseCallJob, joinTimeoutJob, sweepStaleCallsJob, reconcileEndedCallsJob, dialCampaignJob, sweepCampaignsJob, applyRetentionJob] as const;
