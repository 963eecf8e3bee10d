import "server-only";
import { registerWebhookJobs } from "@/lib/webhooks/deliver";
import { registerCallJobs } from "@/lib/calls/finalise-call";

// Every job kind the runner knows, registered once per process. A domain with background
// work exports a register function and adds one line here.
let registered = false;

export function registerJobHandlers(): void {
  if (registered) return;
  registered = true;
  registerWebhookJobs();
  registerCallJobs();
}
