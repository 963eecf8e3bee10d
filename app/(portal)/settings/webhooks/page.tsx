import { getPortalSession } from "@/lib/auth/session";
import { can } from "@/lib/tenancy/permissions";
import { OrganizationWebhookForm } from "@/components/webhooks/organization-webhook-form";

export default async function WebhookSettingsPage() {
  const session = await getPortalSession();
  const canManage = can(session, "webhooks.write");
  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Webhooks</h1>
        <p className="mt-1 text-sm text-slate-600">
          Where this organisation&apos;s call events go. The most specific URL wins: a tool&apos;s own URL, then the
          assistant&apos;s webhook URL, then this one. Every call&apos;s deliveries, with their attempts and a Replay button,
          are on the call&apos;s page.
        </p>
      </div>
      <OrganizationWebhookForm canManage={canManage} />
    </div>
  );
}
