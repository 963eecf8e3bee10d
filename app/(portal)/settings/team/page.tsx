import { getPortalSession } from "@/lib/auth/session";
import { can } from "@/lib/tenancy/permissions";
import { TeamPanel } from "@/components/team/team-panel";

export default async function TeamPage() {
  const session = await getPortalSession();
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Team</h1>
        <p className="mt-1 text-sm text-slate-600">
          Owners and admins change everything, members use assistants and place calls, read-only members only look. Only owners make owners; the last owner stays.
        </p>
      </div>
      <TeamPanel canManage={can(session, "members.write")} currentUserId={session?.userId ?? ""} />
    </div>
  );
}
