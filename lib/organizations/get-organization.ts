import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors/app-error";
import { organizationSchema, type Organization, type OrganizationChild, type OrganizationCounters } from "@/lib/schemas/organization";

import { organizationWhere, orgWhere, type OrgScope } from "@/lib/tenancy/scope";

/** 00:00 UTC on the 1st of `now`'s month: where HMS's monthly_usage_minutes starts. */
export const monthStart = (now = new Date()) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));

/** The live counters of one organisation. There is no credit ledger yet, so both balances are null. */
export async function organizationCounters(scope: OrgScope, now = new Date()): Promise<OrganizationCounters> {
  const [activeAgents, activeCalls, activeNumbers, usage] = await Promise.all([
    db.assistant.count({ where: { ...orgWhere(scope), isActive: true } }),
    db.call.count({ where: { ...orgWhere(scope), status: "in_progress" } }),
    db.phoneNumber.count({ where: { ...orgWhere(scope), isActive: true } }),
    db.call.aggregate({ where: { ...orgWhere(scope), endedAt: { gte: monthStart(now) } }, _sum: { durationSeconds: true } }),
  ]);
  return {
    minutes_balance: null,
    credits_balance: null,
    monthly_usage_minutes: Math.round(((usage._sum.durationSeconds ?? 0) / 60) * 100) / 100,
    active_numbers: activeNumbers,
    active_agents: activeAgents,
    active_calls: activeCalls,
  };
}

type ChildRow = { id: string; name: string; slug: string; kind: OrganizationChild["kind"]; parentId: string | null; createdAt: Date; children?: ChildRow[] };

const childSelect = { id: true, name: true, slug: true, kind: true, parentId: true, createdAt: true } as const;

async function serializeChild(row: ChildRow, withCounters: boolean): Promise<OrganizationChild> {
  const base = { id: row.id, name: row.name, slug: row.slug, kind: row.kind, parent_org_id: row.parentId, created_at: row.createdAt.toISOString() };
  if (!withCounters) return base;
  const children = await Promise.all((row.children ?? []).map((c) => serializeChild(c, true)));
  return { ...base, ...(await organizationCounters({ organizationId: row.id })), children };
}

/**
 * The acting organisation with its live counters, retention and direct children; with
 * `includeChildren` each child carries its own counters and children (two levels: a
 * platform's partners and their clients).
 */
export async function getOrganizationOrThrow(scope: OrgScope, options: { includeChildren?: boolean } = {}): Promise<Organization> {
  const includeChildren = options.includeChildren ?? false;
  const [org, counters] = await Promise.all([
    db.organization.findUnique({
      where: organizationWhere(scope),
      include: {
        retention: true,
        children: {
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          select: { ...childSelect, ...(includeChildren ? { children: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: childSelect } } : {}) },
        },
      },
    }),
    organizationCounters(scope),
  ]);
  if (!org) throw notFound("Organization");
  return organizationSchema.parse({
    id: org.id,
    name: org.name,
    slug: org.slug,
    kind: org.kind,
    parent_org_id: org.parentId,
    created_at: org.createdAt.toISOString(),
    ...counters,
    content_retention_days: org.retention?.contentRetentionDays ?? null,
    metadata_retention_days: org.retention?.metadataRetentionDays ?? null,
    children: await Promise.all(org.children.map((c) => serializeChild(c as ChildRow, includeChildren))),
  });
}
