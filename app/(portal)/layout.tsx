import type { ReactNode } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getPortalSession } from "@/lib/auth/session";
import { findActingChoices, findActingOrganization } from "@/lib/organizations/acting";
import { ACTING_ORGANIZATION_COOKIE } from "@/lib/schemas/organization";
import { can } from "@/lib/tenancy/permissions";
import { AppShell } from "@/components/app-shell";

export const dynamic = "force-dynamic";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const session = await getPortalSession();
  if (!session) redirect("/login");
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
