import "server-only";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors/app-error";
import type { Prisma } from "@/lib/generated/prisma/client";
import { memberSchema, type Member } from "@/lib/schemas/team";
import type { Role } from "@/lib/tenancy/permissions";
import { orgWhere, type OrgScope, type Scope } from "@/lib/tenancy/scope";

// The people of an organisation. Admins manage members; only owners (or whoever manages the
// organisation from above: its parent's users, an API key) grant or take away ownership; the
// last owner can be neither removed nor demoted.

type Row = { id: string; userId: string; role: Role; createdAt: Date; user: { email: string; name: string | null } };

const serialize = (row: Row): Member =>
  memberSchema.parse({ id: row.id, user_id: row.userId, email: row.user.email, name: row.user.name, role: row.role, created_at: row.createdAt.toISOString() });

const include = { user: { select: { email: true, name: true } } } as const;

export async function findMembers(scope: OrgScope): Promise<Member[]> {
  const rows = await db.membership.findMany({ where: orgWhere(scope), include, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(serialize);
}

/** Whether the caller may make or unmake owners of the acting organisation. */
export async function canManageOwners(scope: Scope): Promise<boolean> {
  const { principal } = scope;
  if (principal.kind !== "user") return true;
  if (scope.homeOrganizationId !== scope.organizationId) return true;
  const own = await db.membership.findFirst({ where: { ...orgWhere(scope), userId: principal.userId }, select: { role: true } });
  return own?.role === "owner";
}

/** Locks the organisation's owner rows until the transaction ends; returns their membership ids. */
async function lockOwners(tx: Prisma.TransactionClient, scope: OrgScope): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM memberships WHERE organization_id = ${scope.organizationId}::uuid AND role = 'owner' FOR UPDATE`;
  return rows.map((r) => r.id);
}

const lastOwner = (param: string) => new AppError("conflict", "The organisation's last owner cannot leave or stop being an owner; make someone else an owner first", param);

export async function updateMemberRole(scope: Scope, membershipId: string, role: Role): Promise<Member> {
  return db.$transaction(async (tx) => {
    const row = await tx.membership.findFirst({ where: { id: membershipId, ...orgWhere(scope) }, include });
    if (!row) throw notFound("Member");
    if ((row.role === "owner" || role === "owner") && row.role !== role && !(await canManageOwners(scope))) {
      throw new AppError("forbidden", "Only an owner can grant or take away ownership", "role");
    }
    if (row.role === "owner" && role !== "owner") {
      const owners = await lockOwners(tx, scope);
      if (owners.length <= 1) throw lastOwner("role");
    }
    const updated = await tx.membership.update({ where: { id: row.id, ...orgWhere(scope) }, data: { role }, include });
    return serialize(updated);
  });
}

/** Removes a member; anyone may remove themself (leave), except the last owner. */
export async function removeMember(scope: Scope, membershipId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await tx.membership.findFirst({ where: { id: membershipId, ...orgWhere(scope) } });
    if (!row) throw notFound("Member");
    const isSelf = scope.principal.kind === "user" && scope.principal.userId === row.userId;
    if (!isSelf && !scope.permissions.has("members.write")) {
      throw new AppError("forbidden", "This action requires the members.write permission");
    }
    if (row.role === "owner") {
      if (!isSelf && !(await canManageOwners(scope))) throw new AppError("forbidden", "Only an owner can remove an owner");
      const owners = await lockOwners(tx, scope);
      if (owners.length <= 1) throw lastOwner("id");
    }
    await tx.membership.deleteMany({ where: { id: row.id, ...orgWhere(scope) } });
  });
}
