import { redirect } from "next/navigation";
import { getPortalSession } from "@/lib/auth/session";
import { requestBrand } from "@/lib/api/request-brand";
import { resolveBrand } from "@/lib/branding/brand";
import { can } from "@/lib/tenancy/permissions";
import { BrandingSettings } from "@/components/branding/branding-settings";
import { PortalDomainsPanel } from "@/components/branding/portal-domains-panel";
import { ClientSignupsPanel } from "@/components/branding/client-signups-panel";

export const metadata = { title: "Branding" };

export default async function BrandingPage() {
  const session = await getPortalSession();
  if (!session) redirect("/login");
  // Only a partner has a brand of its own; it is the brand of its own organisation.
  const own = await resolveBrand(session.organizationId);
  if (own.kind !== "partner" || own.organizationId !== session.organizationId) redirect("/assistants");
  const brand = await requestBrand(session.organizationId);
  const canManage = can(session, "organizations.write");
  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Branding</h1>
        <p className="mt-1 text-sm text-slate-600">
          How {brand.productName} looks to your clients: every page, the sign-in and sign-up pages, the browser tab and emails, on
          your own domains.
        </p>
      </div>
      <ClientSignupsPanel canManage={canManage} />
      <BrandingSettings canManage={canManage} />
      <PortalDomainsPanel canManage={canManage} />
    </div>
  );
}
