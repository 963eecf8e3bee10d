import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors/app-error";
import { serializeCall } from "@/lib/calls/serialize";
import type { CallStatus, CallType, Prisma } from "@/lib/generated/prisma/client";

import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";

const publicToStatus: Record<string, CallStatus> = {
  connecting: "connecting",
  dialing: "dialing",
  ringing: "ringing",
  "in-progress": "in_progress",
  ended: "ended",
  failed: "failed",
  transferred: "transferred",
};

export interface CallFilters {
  limit: number;
  offset: number;
  status?: string;
  type?: string;
  assistantId?: string;
  /** Created at or after. */
  startDate?: string;
  /** Created before. */
  endDate?: string;
  /** The caller's or the assistant's number. */
  phoneNumber?: string;
  /** Free text: transcript, summary, assistant name, end reason. */
  q?: string;
}

// A "+" in a query string arrives as a space: " 31612345678" means "+31612345678".
export const normalisePhoneFilter = (value: string) => {
  const compact = value.replace(/[\s()-]/g, "");
  return /^\d+$/.test(compact) ? `+${compact}` : compact;
};

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

// Ids of the organisation's calls whose transcript (the messages' text, not the JSON keys),
// summary, end reason or assistant name contains `q`, case-insensitively.
async function callIdsMatching(scope: OrgScope, q: string): Promise<string[]> {
  const pattern = `%${escapeLike(q)}%`;
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT c.id FROM calls c LEFT JOIN assistants a ON a.id = c.assistant_id
    WHERE c.organization_id = ${scope.organizationId}::uuid
      AND (CASE WHEN jsonb_typeof(c.transcript) = 'array'
             THEN EXISTS (SELECT 1 FROM jsonb_array_elements(c.transcript) t WHERE t->>'content' ILIKE ${pattern})
             ELSE false END
        OR c.summary ILIKE ${pattern} OR c.end_reason ILIKE ${pattern}
        OR a.name ILIKE ${pattern} OR c.assistant_snapshot->>'name' ILIKE ${pattern})`;
  return rows.map((r) => r.id);
}

const callInclude = {
  assistant: { select: { name: true, businessName: true } },
  usageRecords: { orderBy: [{ kind: "asc" }, { provider: "asc" }, { model: "asc" }] },
} satisfies Prisma.CallInclude;

export async function findCalls(scope: OrgScope, options: CallFilters) {
  const phone = options.phoneNumber ? normalisePhoneFilter(options.phoneNumber) : undefined;
  const where: Prisma.CallWhereInput = {
    ...orgWhere(scope),
    ...(options.status ? { status: publicToStatus[options.status] } : {}),
    ...(options.type ? { type: options.type as CallType } : {}),
    ...(options.assistantId ? { assistantId: options.assistantId } : {}),
    ...(options.startDate || options.endDate
      ? {
          createdAt: {
            ...(options.startDate ? { gte: new Date(options.startDate) } : {}),
            ...(options.endDate ? { lt: new Date(options.endDate) } : {}),
          },
        }
      : {}),
    ...(phone ? { OR: [{ callerPhone: phone }, { assistantPhone: phone }] } : {}),
    ...(options.q ? { id: { in: await callIdsMatching(scope, options.q) } } : {}),
  };
  const [rows, total] = await Promise.all([
    db.call.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: options.limit,
      skip: options.offset,
      include: callInclude,
    }),
    db.call.count({ where }),
  ]);
  return { calls: rows.map((row) => serializeCall(row)), total };
}

export async function getCallOrThrow(scope: OrgScope, id: string) {
  const row = await db.call.findFirst({
    where: { id, ...orgWhere(scope) },
    include: callInclude,
  });
  if (!row) throw notFound("Call");
  return serializeCall(row);
}
