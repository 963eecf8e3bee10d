import "server-only";
import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { db } from "@/lib/db";
import type { MembershipRole } from "@/lib/generated/prisma/client";

export type PortalSession = {
  userId: string;
  email: string;
  name: string | null;
  organizationId: string;
  organizationName: string;
  role: MembershipRole;
};

// The signed-in user and their current organisation, re-checked against the database
// so a removed membership takes effect immediately.
export async function getPortalSession(): Promise<PortalSession | null> {
  const session = await getServerSession(authOptions());
  if (!session?.userId || !session.organizationId) return null;
  const membership = await db.membership.findUnique({
    where: { userId_organizationId: { userId: session.userId, organizationId: session.organizationId } },
    include: { organization: { select: { name: true } }, user: { select: { email: true, name: true } } },
  });
  if (!membership) return null;
  return {
    userId: session.userId,
    email: membership.user.email,
    name: membership.user.name,
    organizationId: session.organizationId,
    organizationName: membership.organization.name,
    role: membership.role,
  };
}
