import "server-only";
import { db } from "@/lib/db";
import { isDescendantOrSelf } from "@/lib/tenancy/organization-tree";
import { organizationWhere } from "@/lib/tenancy/scope";

// What the portal shows of "acting as": the organisation named by the acting cookie when it
// really lies below the user's organisation (the API checks the same on every request), and
// the organisations the switcher offers (children and grandchildren).

export type ActingChoice = { id: string; name: string; kind: string; parentName: string | null };

export async function findActingOrganization(homeOrganizationId: string, requested: string | undefined | null): Promise<{ id: string; name: string; kind: string } | null> {
  if (!requested || requested === homeOrganizationId) return null;
  if (!/^[0-9a-f-]{36}$/i.test(requested)) return null;
  if (!(await isDescendantOrSelf(homeOrganizationId, requested.toLowerCase()))) return null;
  return db.organization.findUnique({ where: organizationWhere({ organizationId: requested.toLowerCase() }), select: { id: true, name: true, kind: true } });
}

export async function findActingChoices(homeOrganizationId: string): Promise<ActingChoice[]> {
  const org = await db.organization.findUnique({
    where: organizationWhere({ organizationId: homeOrganizationId }),
    select: {
      children: {
        orderBy: [{ name: "asc" }, { id: "asc" }],
        select: { id: true, name: true, kind: true, children: { orderBy: [{ name: "asc" }, { id: "asc" }], select: { id: true, name: true, kind: true } } },
      },
    },
  });
  return (org?.children ?? []).flatMap((c) => [
    { id: c.id, name: c.name, kind: c.kind, parentName: null },
    ...c.children.map((g) => ({ id: g.id, name: g.name, kind: g.kind, parentName: c.name })),
  ]);
}
