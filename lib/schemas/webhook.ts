import { z } from "zod";
import { WEBHOOK_EVENTS } from "@/lib/webhooks/envelope";

// Webhook delivery log (per call) and the organisation-level webhook settings.

export const webhookAttemptSchema = z.object({
  number: z.number().int(),
  trigger: z.enum(["automatic", "replay"]),
  status_code: z.number().int().nullable(),
  error: z.string().nullable(),
  response_body: z.string().nullable().describe("First characters of the receiver's answer"),
  duration_ms: z.number().int(),
  created_at: z.string(),
});

export const webhookDeliverySchema = z.object({
  id: z.string().uuid(),
  call_id: z.string().nullable(),
  event: z.enum(WEBHOOK_EVENTS),
  url: z.string(),
  status: z.enum(["pending", "succeeded", "failed"]),
  attempts: z.number().int(),
  max_attempts: z.number().int(),
  next_attempt_at: z.string().nullable(),
  last_error: z.string().nullable(),
  idempotency_key: z.string(),
  payload: z.record(z.string(), z.unknown()),
  attempt_log: z.array(webhookAttemptSchema),
  created_at: z.string(),
  succeeded_at: z.string().nullable(),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const organizationWebhookSchema = z.object({
  webhook_url: z.string().nullable(),
  webhook_secret: z.string().nullable().describe("Masked; the plain secret is never returned"),
});

export const organizationWebhookUpdateSchema = z
  .object({
    webhook_url: z.string().url("must be a URL").refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL").nullable().optional(),
    webhook_secret: z.string().min(8, "must be at least 8 characters").max(200).nullable().optional(),
  })
  .strict();
