import { getPortalSession } from "@/lib/auth/session";
import { can } from "@/lib/tenancy/permissions";
import { DoNotCallPanel } from "@/components/campaigns/do-not-call-panel";

export default async function DoNotCallPage() {
  const session = await getPortalSession();
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Do not call</h1>
        <p className="mt-1 text-sm text-slate-600">Numbers no campaign of this organisation dials. Leads with them are skipped (outcome dnc).</p>
      </div>
      <DoNotCallPanel canManage={can(session, "campaigns.write")} />
    </div>
  );
}
