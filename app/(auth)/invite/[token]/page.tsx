import Link from "next/link";
import { findInvitationByToken } from "@/lib/team/invitations";
import { AcceptInvitationForm } from "@/components/auth/accept-invitation-form";
import { Card } from "@/components/ui/primitives";

export const dynamic = "force-dynamic";

const ROLE_LABELS: Record<string, string> = { owner: "an owner", admin: "an admin", member: "a member", read_only: "a read-only member" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findInvitationByToken(token);
  if (!invitation) {
    return (
      <Card title="Invitation not valid">
        <p className="text-sm text-slate-700">This invitation link is invalid, already used or expired. Ask for a new invitation.</p>
        <p className="mt-4 text-sm"><Link className="text-brand-600 hover:underline" href="/login">Log in</Link></p>
      </Card>
    );
  }
  return (
    <AcceptInvitationForm
      token={token}
      email={invitation.email}
      organizationName={invitation.organizationName}
      roleLabel={ROLE_LABELS[invitation.role] ?? invitation.role}
      hasAccount={invitation.hasAccount}
    />
  );
}
