import { getPortalSession } from "@/lib/auth/session";
import { can } from "@/lib/tenancy/permissions";
import { OrganizationCard } from "@/components/organizations/organization-card";
import { ProviderKeysPanel } from "@/components/provider-keys/provider-keys-panel";

export default async function ProviderKeysPage() {
  const session = await getPortalSession();
  const canManage = can(session, "provider_keys.write");
  return (
    <div className="max-w-4xl space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <OrganizationCard />
      <div>
        <h2 className="text-lg font-semibold">Provider keys</h2>
        <p className="mt-1 text-sm text-slate-600">
          Bring your own keys: this organisation&apos;s calls use them instead of the platform&apos;s for that provider.
          Keys are stored encrypted and never shown again, only their last four characters.
        </p>
      </div>
      <ProviderKeysPanel canManage={canManage} />
    </div>
  );
}
