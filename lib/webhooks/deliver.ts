import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { Prisma } from "@/lib/generated/prisma/client";
import { enqueueJob, registerJobHandler, type JobContext } from "@/lib/jobs/queue";
import { sendWebhook, type SendResult } from "@/lib/webhooks/send";
import type { WebhookEvent } from "@/lib/webhooks/envelope";

// Event webhooks with retries: a WebhookDelivery row (the receiver, the encrypted secret, the
// payload, a stable idempotency key) and a `webhook.deliver` job that makes one attempt per
// run. Every attempt is logged; 2xx = delivered, anything else is retried with exponential
// backoff until the delivery's attempts are used, then it is failed.

export const DELIVER_JOB = "webhook.deliver";

export interface EnqueueWebhookInput {
  organizationId: string;
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

/** Creates the delivery and its job (one transaction); an existing key returns the existing row. */
export async function enqueueWebhook(input: EnqueueWebhookInput): Promise<{ id: string; created: boolean }> {
  const idempotencyKey = input.idempotencyKey ?? randomUUID();
  const maxAttempts = input.maxAttempts ?? env().WEBHOOK_MAX_ATTEMPTS;
  const secretEnc = input.secretEnc ?? (input.secret ? encryptSecret(input.secret) : null);
  try {
    return await db.$transaction(async (tx) => {
      const delivery = await tx.webhookDelivery.create({
        data: {
          organizationId: input.organizationId,
          callId: input.callId,
          event: input.event,
          url: input.url,
          secretEnc,
          payload: input.payload as Prisma.InputJsonValue,
          idempotencyKey,
          maxAttempts,
          nextAttemptAt: new Date(),
        },
        select: { id: true },
      });
      await enqueueJob(DELIVER_JOB, { delivery_id: delivery.id }, { tx, maxAttempts });
      return { id: delivery.id, created: true };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const existing = await db.webhookDelivery.findUniqueOrThrow({ where: { idempotencyKey }, select: { id: true } });
      return { id: existing.id, created: false };
    }
    throw error;
  }
}

/**
 * A synchronous, single-attempt delivery (assistant-request): logged like the others, never
 * retried. Returns the outcome with the receiver's whole answer.
 */
export async function deliverOnce(input: EnqueueWebhookInput & { timeoutMs: number }) {
  const delivery = await db.webhookDelivery.create({
    data: {
      organizationId: input.organizationId,
      callId: input.callId,
      event: input.event,
      url: input.url,
      secretEnc: input.secretEnc ?? (input.secret ? encryptSecret(input.secret) : null),
      payload: input.payload as Prisma.InputJsonValue,
      idempotencyKey: input.idempotencyKey ?? randomUUID(),
      maxAttempts: 1,
    },
  });
  const result = await attemptDelivery(delivery, "automatic", { timeoutMs: input.timeoutMs, keepFullBody: true });
  if (!result.ok) await db.webhookDelivery.update({ where: { id: delivery.id }, data: { status: "failed" } });
  return { deliveryId: delivery.id, ...result };
}

const secretOf = (delivery: Pick<DeliveryRow, "secretEnc">) => (delivery.secretEnc ? decryptSecret(delivery.secretEnc) : null);

/** Sends the stored payload once and logs the attempt; returns the outcome and the attempt number. */
export async function attemptDelivery(
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
    where: { id: delivery.id },
    data: {
      attempts: { increment: 1 },
      lastError: result.error,
      ...(result.ok ? { status: "succeeded", succeededAt: new Date(), nextAttemptAt: null } : {}),
    },
    select: { attempts: true },
  });
  await db.webhookAttempt.create({
    data: {
      deliveryId: delivery.id,
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

async function runDeliveryJob(payload: unknown, job: JobContext): Promise<void> {
  const deliveryId = (payload as { delivery_id?: unknown })?.delivery_id;
  if (typeof deliveryId !== "string") throw new Error("webhook.deliver job without delivery_id");
  const delivery = await db.webhookDelivery.findUnique({ where: { id: deliveryId } });
  // Gone (call deleted) or already settled (a replay succeeded meanwhile): nothing to do.
  if (!delivery || delivery.status !== "pending") return;

  const result = await attemptDelivery(delivery, "automatic");
  if (result.ok) return;
  if (result.blocked) {
    // Refused by the outbound guard (logged as the attempt's error): the same URL would be
    // refused again, so the delivery fails now instead of retrying.
    await db.webhookDelivery.updateMany({ where: { id: delivery.id, status: "pending" }, data: { status: "failed", nextAttemptAt: null } });
    return;
  }
  const exhausted = job.attempt >= job.maxAttempts;
  await db.webhookDelivery.updateMany({
    where: { id: delivery.id, status: "pending" },
    data: exhausted ? { status: "failed", nextAttemptAt: null } : { nextAttemptAt: new Date(Date.now() + job.retryDelayMs) },
  });
  // Throwing hands the retry (or the final failure) to the queue.
  throw new DeliveryFailedError(`${delivery.event} delivery ${delivery.id}: ${result.error}`);
}

export function registerWebhookJobs(): void {
  registerJobHandler(DELIVER_JOB, runDeliveryJob);
}
