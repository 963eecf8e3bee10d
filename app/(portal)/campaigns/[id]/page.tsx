import { getPortalSession } from "@/lib/auth/session";
import { can } from "@/lib/tenancy/permissions";
import { CampaignDetail } from "@/components/campaigns/campaign-detail";

export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const session = await getPortalSession();
  const { id } = await params;
  return (
    <div className="max-w-6xl">
      <CampaignDetail id={id} canManage={can(session, "campaigns.write")} />
    </div>
  );
}
