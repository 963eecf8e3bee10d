import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { notFound } from "@/lib/api/errors";
import { serializeCall } from "@/lib/calls/serialize";
import type { CallStatus, Prisma } from "@/lib/generated/prisma/client";

type OrgScope = { organizationId: string };

export const AGENT_DID_NOT_JOIN = "agent_did_not_join";

// A call whose agent never reported in within the join timeout has failed. Applied
// lazily on reads, so it holds even if the process that created the call restarted.
export async function expireUnansweredCalls(where: Prisma.CallWhereInput = {}) {
  const cutoff = new Date(Date.now() - env().AGENT_JOIN_TIMEOUT_SECONDS * 1000);
  await db.call.updateMany({
    where: { ...where, status: "connecting", createdAt: { lt: cutoff } },
    data: { status: "failed", endReason: AGENT_DID_NOT_JOIN, error: "The agent did not join the call", endedAt: new Date() },
  });
}

const publicToStatus: Record<string, CallStatus> = {
  connecting: "connecting",
  "in-progress": "in_progress",
  ended: "ended",
  failed: "failed",
};

export async function findCalls(
  scope: OrgScope,
  options: { limit: number; offset: number; status?: string; assistantId?: string },
) {
  await expireUnansweredCalls({ organizationId: scope.organizationId });
  const where: Prisma.CallWhereInput = {
    organizationId: scope.organizationId,
    ...(options.status ? { status: publicToStatus[options.status] } : {}),
    ...(options.assistantId ? { assistantId: options.assistantId } : {}),
  };
  const [rows, total] = await Promise.all([
    db.call.findMany({
      where,
      orderBy: { createdAt: "desc" },
      take: options.limit,
      skip: options.offset,
      include: { assistant: { select: { name: true } } },
    }),
    db.call.count({ where }),
  ]);
  return { calls: rows.map((row) => serializeCall(row)), total };
}

export async function getCallOrThrow(scope: OrgScope, id: string) {
  await expireUnansweredCalls({ id, organizationId: scope.organizationId });
  const row = await db.call.findFirst({
    where: { id, organizationId: scope.organizationId },
    include: { assistant: { select: { name: true } } },
  });
  if (!row) throw notFound("Call");
  return serializeCall(row);
}
