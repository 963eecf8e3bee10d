import { getPortalSession } from "@/lib/auth/session";
import { can } from "@/lib/tenancy/permissions";
import { CampaignsPanel } from "@/components/campaigns/campaigns-panel";

export default async function CampaignsPage() {
  const session = await getPortalSession();
  return (
    <div className="max-w-6xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Campaigns</h1>
        <p className="mt-1 text-sm text-slate-600">An assistant calls a list of leads from one of your numbers, inside a daily window, within concurrency, pacing and retry limits.</p>
      </div>
      <CampaignsPanel canManage={can(session, "campaigns.write")} />
    </div>
  );
}
