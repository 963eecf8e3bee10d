import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { currentPriceList } from "@/lib/usage/meter-call";
import { USAGE_KINDS, type UsageKind, type UsageResponse } from "@/lib/schemas/usage";

import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * The organisation's usage logs (one per metered call: its call_minutes record) and the
 * summary of the whole period. A call belongs to the period in which it ended.
 */
export async function findUsage(
  scope: OrgScope,
  options: { limit: number; offset: number; startDate?: string; endDate?: string },
): Promise<UsageResponse> {
  const createdAt: Prisma.DateTimeFilter = {
    ...(options.startDate ? { gte: new Date(options.startDate) } : {}),
    ...(options.endDate ? { lt: new Date(options.endDate) } : {}),
  };
  const inPeriod: Prisma.UsageRecordWhereInput = { ...orgWhere(scope), createdAt };
  const callRecords: Prisma.UsageRecordWhereInput = { ...inPeriod, kind: "call_minutes" };

  const [rows, total, groups, duration] = await Promise.all([
    db.usageRecord.findMany({
      where: callRecords,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: options.limit,
      skip: options.offset,
      include: { call: { include: { assistant: { select: { name: true, businessName: true } } } } },
    }),
    db.usageRecord.count({ where: callRecords }),
    db.usageRecord.groupBy({ by: ["kind", "provider"], where: inPeriod, _sum: { quantity: true, cost: true } }),
    db.call.aggregate({
      where: { ...orgWhere(scope), usageRecords: { some: callRecords } },
      _sum: { durationSeconds: true },
    }),
  ]);

  const logs = rows.map((row) => {
    const call = row.call;
    const snapshot = (call?.assistantSnapshot ?? {}) as { name?: unknown; business_name?: unknown };
    const name = call?.assistant?.name ?? (typeof snapshot.name === "string" ? snapshot.name : null);
    const business = call?.assistant?.businessName ?? (typeof snapshot.business_name === "string" ? snapshot.business_name : null);
    const seconds = call?.durationSeconds ?? 0;
    return {
      id: row.id,
      call_id: row.callId ?? "",
      duration_sec: seconds,
      duration_seconds: seconds,
      minutes_used: round(seconds / 60, 2),
      call_type: call?.type === "web" ? ("web" as const) : ("phone" as const),
      direction: call?.type ?? ("web" as const),
      phone_number: call?.callerPhone ?? null,
      agent_name: name,
      assistant_name: name,
      business_name: business,
      // The call's total (every kind), not only this minutes line.
      cost: Number(call?.cost ?? row.cost),
      created_at: row.createdAt.toISOString(),
    };
  });

  const byKind = new Map<UsageKind, { quantity: number; cost: number }>();
  const byProvider: UsageResponse["summary"]["by_provider"] = [];
  let totalCost = 0;
  for (const g of groups) {
    const kind = g.kind as UsageKind;
    const quantity = Number(g._sum.quantity ?? 0);
    const cost = Number(g._sum.cost ?? 0);
    totalCost += cost;
    const k = byKind.get(kind) ?? { quantity: 0, cost: 0 };
    byKind.set(kind, { quantity: k.quantity + quantity, cost: k.cost + cost });
    if (g.provider) byProvider.push({ kind, provider: g.provider, quantity: round(quantity, 4), cost: round(cost, 6) });
  }
  byProvider.sort((a, b) => a.kind.localeCompare(b.kind) || (a.provider ?? "").localeCompare(b.provider ?? ""));
  const seconds = duration._sum.durationSeconds ?? 0;
  const minutes = round(seconds / 60, 2);

  return {
    logs,
    pagination: { total, limit: options.limit, offset: options.offset },
    summary: {
      total_calls: total,
      total_duration_seconds: seconds,
      total_duration_minutes: minutes,
      total_minutes: minutes,
      total_cost: round(totalCost, 6),
      currency: currentPriceList().currency,
      by_kind: [...byKind.entries()]
        .sort(([a], [b]) => USAGE_KINDS.indexOf(a) - USAGE_KINDS.indexOf(b))
        .map(([kind, v]) => ({ kind, quantity: round(v.quantity, 4), cost: round(v.cost, 6) })),
      by_provider: byProvider,
    },
  };
}
