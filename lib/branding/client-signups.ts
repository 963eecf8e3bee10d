import "server-only";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors/app-error";
import { clientSignupSchema } from "@/lib/schemas/branding";
import { organizationWhere, type OrgScope } from "@/lib/tenancy/scope";

// Clients that signed up on a partner's portal while it required approval. The partner's own
// children only: the parent id is the scope's organisation (listed in lib/tenancy/scope.ts).

async function assertPartner(scope: OrgScope) {
  const org = await db.organization.findUnique({ where: organizationWhere(scope), select: { kind: true } });
  if (!org) throw notFound("Organization");
  if (org.kind !== "partner") throw new AppError("forbidden", "Only partner organisations have client sign-ups");
}

export async function listClientSignups(scope: OrgScope, options: { pendingOnly: boolean }) {
  await assertPartner(scope);
  const rows = await findChildClients(scope.organizationId, options.pendingOnly);
  return rows.map((row) =>
    clientSignupSchema.parse({
      id: row.id,
      name: row.name,
      owner_email: row.memberships[0]?.user.email ?? null,
      approval_pending: row.approvalPending,
      created_at: row.createdAt.toISOString(),
    }),
  );
}

async function findChildClients(partnerId: string, pendingOnly: boolean) {
  return db.organization.findMany({
    where: { parentId: partnerId, kind: "client", ...(pendingOnly ? { approvalPending: true } : {}) },
    orderBy: { createdAt: "asc" },
    take: 500,
    select: {
      id: true,
      name: true,
      approvalPending: true,
      createdAt: true,
      memberships: { where: { role: "owner" }, orderBy: { createdAt: "asc" }, take: 1, select: { user: { select: { email: true } } } },
    },
  });
}

export async function approveClientSignup(scope: OrgScope, clientId: string) {
  await assertPartner(scope);
  const { count } = await approveChildClient(scope.organizationId, clientId);
  if (!count) throw notFound("Client sign-up");
  const [row] = (await listClientSignups(scope, { pendingOnly: false })).filter((c) => c.id === clientId);
  if (!row) throw notFound("Client sign-up");
  return row;
}

async function approveChildClient(partnerId: string, clientId: string) {
  return db.organization.updateMany({ where: { id: clientId, parentId: partnerId, kind: "client" }, data: { approvalPending: false } });
}
