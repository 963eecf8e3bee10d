import type { ReactNode } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getPortalSession } from "@/lib/auth/session";
import { findActingChoices, findActingOrganization } from "@/lib/organizations/acting";
import { ACTING_ORGANIZATION_COOKIE } from "@/lib/schemas/organization";
import { can } from "@/lib/tenancy/permissions";
import { AppShell } from "@/components/app-shell";
import { requestBrand } from "@/lib/api/request-brand";
import { resolveBrand } from "@/lib/branding/brand";
import { BrandMark } from "@/components/branding/brand-mark";

export const dynamic = "force-dynamic";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const session = await getPortalSession();
  if (!session) redirect("/login");
  const [brand, own] = await Promise.all([requestBrand(session.organizationId), resolveBrand(session.organizationId)]);
  if (session.approvalPending) {
    return (
      <main className="flex min-h-screen items-center justify-center px-4">
        <div className="max-w-md space-y-4 text-center" data-testid="approval-pending">
          <div className="flex justify-center"><BrandMark productName={brand.productName} logoPath={brand.logoPath} size="large" /></div>
          <h1 className="text-xl font-semibold">Your account is waiting for approval</h1>
          <p className="text-sm text-slate-600">
            {session.organizationName} was created. {brand.productName} reviews new accounts; you can use the portal once it has been approved.
            {brand.supportEmail ? ` Questions: ${brand.supportEmail}.` : ""}
          </p>
        </div>
      </main>
    );
  }
  const hasChildren = session.organizationKind !== "client";
  const [acting, actingOptions] = await Promise.all([
    findActingOrganization(session.organizationId, (await cookies()).get(ACTING_ORGANIZATION_COOKIE)?.value),
    hasChildren ? findActingChoices(session.organizationId) : Promise.resolve([]),
  ]);
  const extraNav = [
    ...(hasChildren && !acting ? [{ href: "/organizations", label: session.organizationKind === "platform" ? "Partners" : "Clients" }] : []),
    { href: "/settings/team", label: "Team" },
    ...(can(session, "audit_log.read") ? [{ href: "/settings/audit-log", label: "Audit log" }] : []),
    ...(session.organizationKind === "platform" && can(session, "organizations.write") && !acting ? [{ href: "/admin/outbox", label: "Outbox" }] : []),
  ];
  return (
    <AppShell
      brand={{ productName: brand.productName, logoPath: brand.logoPath }}
      isPartner={own.kind === "partner" && own.organizationId === session.organizationId}
      organizationId={session.organizationId}
      organizationName={session.organizationName}
      organizations={session.memberships.map((m) => ({ id: m.organizationId, name: m.organizationName }))}
      userEmail={session.email}
      extraNav={extraNav}
      acting={acting}
      actingOptions={actingOptions}
    >
      {children}
    </AppShell>
  );
}
