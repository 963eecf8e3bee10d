import "server-only";
import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { db } from "@/lib/db";
import type { MembershipRole, OrganizationKind } from "@/lib/generated/prisma/client";

export type PortalMembership = { organizationId: string; organizationName: string; organizationKind: OrganizationKind; role: MembershipRole };

export type PortalSession = {
  userId: string;
  email: string;
  name: string | null;
  /** The organisation the portal acts on: the one chosen in the switcher. */
  organizationId: string;
  organizationName: string;
  organizationKind: OrganizationKind;
  role: MembershipRole;
  /** A client signed up on a partner's portal that requires approval, not yet approved. */
  approvalPending?: boolean;
  /** Every organisation the user belongs to, oldest membership first (the switcher's list). */
  memberships: PortalMembership[];
};

// The signed-in user and the organisation chosen in their session, re-checked against the
// database on every request: a removed membership takes effect at once. When the chosen one
// is gone the user falls back to their first remaining membership; with none they are out.
export async function getPortalSession(): Promise<PortalSession | null> {
  const session = await getServerSession(authOptions());
  if (!session?.userId) return null;
  const user = await db.user.findUnique({
    where: { id: session.userId },
    select: {
      email: true,
      name: true,
      memberships: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { organizationId: true, role: true, organization: { select: { name: true, kind: true, approvalPending: true } } } },
    },
  });
  if (!user) return null;
  const memberships = user.memberships.map((m) => ({ organizationId: m.organizationId, organizationName: m.organization.name, organizationKind: m.organization.kind, role: m.role }));
  const active = memberships.find((m) => m.organizationId === session.organizationId) ?? memberships[0];
  if (!active) return null;
  const approvalPending = user.memberships.find((m) => m.organizationId === active.organizationId)?.organization.approvalPending ?? false;
  return { userId: session.userId, email: user.email, name: user.name, ...active, approvalPending, memberships };
}
