import "server-only";
import type { CampaignCallRequest } from "@/lib/campaigns/dialer";
import { startOutboundCall } from "@/lib/calls/outbound-call";
import type { OrgScope } from "@/lib/tenancy/scope";

// How a campaign attempt becomes a phone call: the outbound call (lib/calls/outbound-call.ts)
// from the campaign's number to the lead, run by the campaign's assistant with the lead's
// variables as call metadata (so {{variables}} resolve and webhooks carry the campaign, lead
// and attempt ids; a stale claim is matched to its call by the attempt id).
export async function placeCampaignCall(scope: OrgScope, request: CampaignCallRequest): Promise<{ callId: string }> {
  const started = await startOutboundCall(scope, {
    destination: request.destination,
    numberId: request.numberId,
    assistantId: request.assistantId,
    ...(request.systemMessage ? { assistantOverride: { llm_config: { messages: [{ role: "system", content: request.systemMessage }] } } } : {}),
    metadata: request.metadata,
  });
  return { callId: started.callId };
}
