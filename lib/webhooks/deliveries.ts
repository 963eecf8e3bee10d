import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors/app-error";
import type { Prisma } from "@/lib/generated/prisma/client";
import { webhookDeliverySchema, type WebhookDelivery } from "@/lib/schemas/webhook";
import { attemptDelivery } from "@/lib/webhooks/deliver";

// The delivery log of a call and the replay of one delivery, scoped to the caller's organisation.

import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";
const withAttempts = { attemptLog: { orderBy: { number: "asc" } } } satisfies Prisma.WebhookDeliveryInclude;
type DeliveryWithAttempts = Prisma.WebhookDeliveryGetPayload<{ include: typeof withAttempts }>;

export function serializeDelivery(row: DeliveryWithAttempts): WebhookDelivery {
  return webhookDeliverySchema.parse({
    id: row.id,
    call_id: row.callId,
    event: row.event,
    url: row.url,
    status: row.status,
    attempts: row.attempts,
    max_attempts: row.maxAttempts,
    next_attempt_at: row.status === "pending" ? (row.nextAttemptAt?.toISOString() ?? null) : null,
    last_error: row.lastError,
    idempotency_key: row.idempotencyKey,
    payload: row.payload,
    attempt_log: row.attemptLog.map((a) => ({
      number: a.number,
      trigger: a.trigger,
      status_code: a.statusCode,
      error: a.error,
      response_body: a.responseBody,
      duration_ms: a.durationMs,
      created_at: a.createdAt.toISOString(),
    })),
    created_at: row.createdAt.toISOString(),
    succeeded_at: row.succeededAt?.toISOString() ?? null,
  });
}

/** A call's deliveries, oldest first, each with its attempts. */
export async function findCallDeliveries(scope: OrgScope, callId: string) {
  const call = await db.call.findFirst({ where: { id: callId, ...orgWhere(scope) }, select: { id: true } });
  if (!call) throw notFound("Call");
  const rows = await db.webhookDelivery.findMany({
    where: { callId, ...orgWhere(scope) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: withAttempts,
  });
  return rows.map(serializeDelivery);
}

/**
 * Sends a delivery again now, with the same payload and idempotency key (attempt trigger
 * `replay`). A success settles it; a failure is logged and leaves its status as it was
 * (a pending delivery keeps its automatic retries).
 */
export async function replayDelivery(scope: OrgScope, id: string) {
  const delivery = await db.webhookDelivery.findFirst({ where: { id, ...orgWhere(scope) } });
  if (!delivery) throw notFound("Webhook delivery");
  await attemptDelivery(scope, delivery, "replay");
  const row = await db.webhookDelivery.findFirstOrThrow({ where: { id, ...orgWhere(scope) }, include: withAttempts });
  return serializeDelivery(row);
}
