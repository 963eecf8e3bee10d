import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors/app-error";
import { systemScope, type Scope } from "@/lib/tenancy/scope";

// The edge where background work turns a bare id into a scope. The worker's internal API and
// jobs queued before their payload carried the organisation name only a call or a delivery;
// its owning organisation is read once here, and everything below takes the scope.

/** The scope of the organisation that owns the call, or null when the call is gone. */
export async function findCallScope(callId: string, reason: string): Promise<Scope | null> {
  const call = await db.call.findUnique({ where: { id: callId }, select: { organizationId: true } });
  return call ? systemScope(call.organizationId, reason) : null;
}

/** The scope of the organisation that owns the call; `not_found` when there is none. */
export async function callScope(callId: string, reason: string): Promise<Scope> {
  const scope = await findCallScope(callId, reason);
  if (!scope) throw notFound("Call");
  return scope;
}

/** The scope of the organisation that owns the webhook delivery, or null when it is gone. */
export async function findDeliveryScope(deliveryId: string, reason: string): Promise<Scope | null> {
  const delivery = await db.webhookDelivery.findUnique({ where: { id: deliveryId }, select: { organizationId: true } });
  return delivery ? systemScope(delivery.organizationId, reason) : null;
}

