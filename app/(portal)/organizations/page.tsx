import { redirect } from "next/navigation";
import { getPortalSession } from "@/lib/auth/session";
import { can } from "@/lib/tenancy/permissions";
import { OrganizationsPanel } from "@/components/organizations/organizations-panel";

export default async function OrganizationsPage() {
  const session = await getPortalSession();
  if (!session || session.organizationKind === "client") redirect("/assistants");
  const noun = session.organizationKind === "platform" ? "partner" : "client";
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{noun === "partner" ? "Partners" : "Clients"}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {noun === "partner"
            ? "Resellers running the portal for their own clients. Create one, then act as it to set it up."
            : "Your clients' organisations. Act as one to build its assistants and see its calls; what you do is recorded in its audit log."}
        </p>
      </div>
      <OrganizationsPanel noun={noun} canManage={can(session, "organizations.write")} />
    </div>
  );
}
