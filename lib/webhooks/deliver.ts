import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import { z } from "zod";
import { defineJob, type JobRun } from "@/lib/jobs/define";
import { enqueue } from "@/lib/jobs/enqueue";
import { sendWebhook, type SendResult } from "@/lib/webhooks/send";
import type { WebhookEvent } from "@/lib/webhooks/envelope";
import { orgWhere, systemScope, type OrgScope } from "@/lib/tenancy/scope";
import { findDeliveryScope } from "@/lib/tenancy/system-scope";

// Event webhooks with retries: a WebhookDelivery row (the receiver, the encrypted secret, the
// payload, a stable idempotency key) and a `webhook.deliver` job that makes one attempt per
// run. Every attempt is logged; 2xx = delivered, anything else is retried with exponential
// backoff until the delivery's attempts are used, then it is failed.

export interface EnqueueWebhookInput {
  callId: string | null;
  event: WebhookEvent;
  url: string;
  /** The plain signing secret (stored encrypted), or null to send unsigned. */
  secret?: string | null;
  /** An already encrypted secret (routing resolved from a call's snapshot). */
  secretEnc?: string | null;
  payload: Record<string, unknown>;
  maxAttempts?: number;
  /** Makes the delivery unique: a second enqueue with the same key returns the first. */
  idempotencyKey?: string;
}

export type DeliveryRow = Prisma.WebhookDeliveryGetPayload<object>;

/**
 * Creates the scope's delivery and its job in one transaction: the caller's when given (so the
 * webhook exists if and only if the change that caused it commits), else one of its own. An
 * existing key returns the existing row and queues nothing.
 */
export async function enqueueWebhook(scope: OrgScope, input: EnqueueWebhookInput, options: { tx?: Prisma.TransactionClient } = {}): Promise<{ id: string; created: boolean }> {
  const idempotencyKey = input.idempotencyKey ?? randomUUID();
  const maxAttempts = input.maxAttempts ?? env().WEBHOOK_MAX_ATTEMPTS;
  const secretEnc = input.secretEnc ?? (input.secret ? encryptSecret(input.secret) : null);
  const id = randomUUID();
  const insert = async (tx: Prisma.TransactionClient) => {
    // ON CONFLICT DO NOTHING rather than catching a unique violation, which would abort the
    // caller's transaction.
    const { count } = await tx.webhookDelivery.createMany({
      data: {
        id,
        ...orgWhere(scope),
        callId: input.callId,
        event: input.event,
        url: input.url,
        secretEnc,
        payload: input.payload as Prisma.InputJsonValue,
        idempotencyKey,
        maxAttempts,
        nextAttemptAt: new Date(),
      },
      skipDuplicates: true,
    });
    if (count === 0) {
      const existing = await tx.webhookDelivery.findFirstOrThrow({ where: { idempotencyKey, ...orgWhere(scope) }, select: { id: true } });
      return { id: existing.id, created: false };
    }
    await enqueue(deliverWebhookJob, { delivery_id: id, organization_id: scope.organizationId }, { tx, retries: maxAttempts - 1 });
    return { id, created: true };
  };
  return options.tx ? insert(options.tx) : db.$transaction(insert);
}

/**
 * A synchronous, single-attempt delivery (assistant-request): logged like the others, never
 * retried. Returns the outcome with the receiver's whole answer.
 */
export async function deliverOnce(scope: OrgScope, input: EnqueueWebhookInput & { timeoutMs: number }) {
  const delivery = await db.webhookDelivery.create({
    data: {
      ...orgWhere(scope),
      callId: input.callId,
      event: input.event,
      url: input.url,
      secretEnc: input.secretEnc ?? (input.secret ? encryptSecret(input.secret) : null),
      payload: input.payload as Prisma.InputJsonValue,
      idempotencyKey: input.idempotencyKey ?? randomUUID(),
      maxAttempts: 1,
    },
  });
  const result = await attemptDelivery(scope, delivery, "automatic", { timeoutMs: input.timeoutMs, keepFullBody: true });
  if (!result.ok) await db.webhookDelivery.update({ where: { id: delivery.id, ...orgWhere(scope) }, data: { status: "failed" } });
  return { deliveryId: delivery.id, ...result };
}

const secretOf = (delivery: Pick<DeliveryRow, "secretEnc">) => (delivery.secretEnc ? decryptSecret(delivery.secretEnc) : null);

/** Sends the stored payload once and logs the attempt; returns the outcome and the attempt number. */
export async function attemptDelivery(
  scope: OrgScope,
  delivery: DeliveryRow,
  trigger: "automatic" | "replay",
  options: { timeoutMs?: number; keepFullBody?: boolean } = {},
): Promise<SendResult & { number: number }> {
  const result = await sendWebhook({
    url: delivery.url,
    event: delivery.event,
    body: JSON.stringify(delivery.payload),
    secret: secretOf(delivery),
    idempotencyKey: delivery.idempotencyKey,
    timeoutMs: options.timeoutMs ?? env().WEBHOOK_TIMEOUT_MS,
    keepFullBody: options.keepFullBody,
  });
  // The counter is incremented in the database so concurrent attempts (a replay during a
  // retry) get distinct numbers.
  const { attempts: number } = await db.webhookDelivery.update({
    where: { id: delivery.id, ...orgWhere(scope) },
    data: {
      attempts: { increment: 1 },
      lastError: result.error,
      ...(result.ok ? { status: "succeeded", succeededAt: new Date(), nextAttemptAt: null } : {}),
    },
    select: { attempts: true },
  });
  // Attempts have no organisation of their own: they hang off the scope's delivery.
  await db.webhookAttempt.create({
    data: {
      delivery: { connect: { id: delivery.id, ...orgWhere(scope) } },
      number,
      trigger,
      statusCode: result.statusCode,
      error: result.error,
      responseBody: result.responseBody,
      durationMs: result.durationMs,
    },
  });
  return { ...result, number };
}

class DeliveryFailedError extends Error {}

// When the queue will run the next attempt: its first retry waits about JOB_RETRY_BASE_MS, each
// further one about twice as long (pg-boss adds jitter, so this is the middle of the window).
function nextAttemptAt(run: JobRun): Date {
  const baseMs = Math.ceil(env().JOB_RETRY_BASE_MS / 1000) * 1000;
  return new Date(Date.now() + Math.min(baseMs * 2 ** (run.attempt - 1) * 0.75, MAX_RETRY_DELAY_SECONDS * 1000));
}

const DELIVERY = "webhook delivery";

async function runDeliveryJob(payload: { delivery_id: string; organization_id?: string | undefined }, run: JobRun): Promise<void> {
  const deliveryId = payload.delivery_id;
  // Jobs queued by an older release name only the delivery: its owner is read then.
  const scope = payload.organization_id ? systemScope(payload.organization_id, DELIVERY) : await findDeliveryScope(deliveryId, DELIVERY);
  const delivery = scope ? await db.webhookDelivery.findFirst({ where: { id: deliveryId, ...orgWhere(scope) } }) : null;
  // Gone (call deleted) or already settled (a replay succeeded meanwhile, or this job ran
  // before its process died): nothing to do.
  if (!scope || !delivery || delivery.status !== "pending") return;

  const result = await attemptDelivery(scope, delivery, "automatic");
  if (result.ok) return;
  if (result.blocked) {
    // Refused by the outbound guard (logged as the attempt's error): the same URL would be
    // refused again, so the delivery fails now instead of retrying.
    await db.webhookDelivery.updateMany({ where: { id: delivery.id, ...orgWhere(scope), status: "pending" }, data: { status: "failed", nextAttemptAt: null } });
    return;
  }
  const exhausted = run.attempt >= run.maxAttempts;
  await db.webhookDelivery.updateMany({
    where: { id: delivery.id, ...orgWhere(scope), status: "pending" },
    data: exhausted ? { status: "failed", nextAttemptAt: null } : { nextAttemptAt: nextAttemptAt(run) },
  });
  // Throwing hands the retry (or the final failure) to the queue.
  throw new DeliveryFailedError(`${delivery.event} delivery ${delivery.id}: ${result.error}`);
}

const MAX_RETRY_DELAY_SECONDS = 3600;

/** One automatic attempt of a delivery per run; retried per the delivery's max_attempts. */
export const deliverWebhookJob = defineJob({
  name: "webhook.deliver",
  payload: z.object({ delivery_id: z.uuid(), organization_id: z.uuid().optional() }),
  // Each job carries its delivery's attempts (enqueueWebhook); this is the fallback.
  retry: { retries: 5, maxDelaySeconds: MAX_RETRY_DELAY_SECONDS },
  // A run whose process died is retried once it is this old: the receiver's time budget plus
  // the bookkeeping around it.
  expireInSeconds: () => Math.ceil(env().WEBHOOK_TIMEOUT_MS / 1000) + 10,
  concurrency: 10,
  handler: runDeliveryJob,
});
