import "server-only";
import { startCall, type AssistantChoice } from "@/lib/calls/start-call";
import type { OrgScope } from "@/lib/tenancy/scope";

export type WebCallOptions = AssistantChoice;

// A browser call: Call row, fresh room, explicit agent dispatch, participant token.
export async function createWebCall(scope: OrgScope, options: WebCallOptions) {
  const started = await startCall(scope, { ...options, channel: "web" });
  return { call_id: started.callId, token: started.token, server_url: started.server_url, room: started.room };
}
