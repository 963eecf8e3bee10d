import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { getPortalSession } from "@/lib/auth/session";
import { AppShell } from "@/components/app-shell";

export const dynamic = "force-dynamic";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const session = await getPortalSession();
  if (!session) redirect("/login");
  return (
    <AppShell
      organizationId={session.organizationId}
      organizationName={session.organizationName}
      organizations={session.memberships.map((m) => ({ id: m.organizationId, name: m.organizationName }))}
      userEmail={session.email}
    >
      {children}
    </AppShell>
  );
}
