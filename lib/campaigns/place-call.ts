import "server-only";
import type { CampaignCallRequest } from "@/lib/campaigns/dialer";
import { startCall } from "@/lib/calls/start-call";
import type { OrgScope } from "@/lib/tenancy/scope";

// How a campaign attempt becomes a phone call: an outbound SIP call from the campaign's
// number to the lead, run by the campaign's assistant with the lead's variables as call
// metadata (so {{variables}} resolve and webhooks carry campaign, lead and attempt ids).
export async function placeCampaignCall(scope: OrgScope, request: CampaignCallRequest): Promise<{ callId: string }> {
  const started = await startCall(scope, {
    channel: "sip_outbound",
    to: request.destination,
    from: request.from,
    numberId: request.numberId,
    assistantId: request.assistantId,
    ...(request.systemMessage ? { assistantOverride: { llm_config: { messages: [{ role: "system", content: request.systemMessage }] } } } : {}),
    metadata: request.metadata,
  });
  return { callId: started.callId };
}
