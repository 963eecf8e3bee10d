import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors/app-error";
import { organizationSchema, type Organization } from "@/lib/schemas/organization";

import { organizationWhere, orgWhere, type OrgScope } from "@/lib/tenancy/scope";

/** The caller's organisation with its live counters and direct children. */
export async function getOrganizationOrThrow(scope: OrgScope): Promise<Organization> {
  const [org, activeAgents, activeCalls] = await Promise.all([
    db.organization.findUnique({
      where: organizationWhere(scope),
      include: { children: { orderBy: { createdAt: "asc" }, select: { id: true, name: true, slug: true, kind: true, createdAt: true } } },
    }),
    db.assistant.count({ where: { ...orgWhere(scope), isActive: true } }),
    db.call.count({ where: { ...orgWhere(scope), status: "in_progress" } }),
  ]);
  if (!org) throw notFound("Organization");
  return organizationSchema.parse({
    id: org.id,
    name: org.name,
    slug: org.slug,
    kind: org.kind,
    parent_org_id: org.parentId,
    created_at: org.createdAt.toISOString(),
    active_agents: activeAgents,
    active_calls: activeCalls,
    children: org.children.map((c) => ({ id: c.id, name: c.name, slug: c.slug, kind: c.kind, created_at: c.createdAt.toISOString() })),
  });
}
