// The HMS webhook signature, shared by the app (event webhooks) and the agent worker
// (tool-calls): X-Webhook-Signature = "sha256=" + hex(HMAC-SHA256(secret, `${timestamp}.${rawBody}`)).
// Used by the app and the worker only (HMAC from node:crypto); the browser never imports it.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-webhook-signature";
export const TIMESTAMP_HEADER = "x-webhook-timestamp";
export const EVENT_HEADER = "x-webhook-event";
export const IDEMPOTENCY_HEADER = "x-webhook-id";
/** Signatures older (or newer) than this are rejected by verifyWebhookSignature. */
export const DEFAULT_MAX_AGE_SECONDS = 300;

export function computeWebhookSignature(secret: string, timestamp: number | string, rawBody: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${rawBody}`, "utf8").digest("hex")}`;
}

/** The headers of one signed (or, without a secret, unsigned) webhook request. */
export function webhookHeaders(options: {
  event: string;
  rawBody: string;
  secret?: string | null;
  idempotencyKey?: string;
  timestamp?: number;
}): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    "content-type": "application/json",
    "user-agent": "Switchboard-Webhooks/1.0",
    [EVENT_HEADER]: options.event,
    [TIMESTAMP_HEADER]: String(timestamp),
    ...(options.idempotencyKey ? { [IDEMPOTENCY_HEADER]: options.idempotencyKey } : {}),
    ...(options.secret ? { [SIGNATURE_HEADER]: computeWebhookSignature(options.secret, timestamp, options.rawBody) } : {}),
  };
}

/** Receiver side: checks the signature (with or without the sha256= prefix) and its age. */
export function verifyWebhookSignature(options: {
  secret: string;
  rawBody: string;
  signature: string | null | undefined;
  timestamp: string | null | undefined;
  maxAgeSeconds?: number;
  now?: number;
}): boolean {
  const { signature, timestamp } = options;
  if (!signature || !timestamp || !/^\d+$/.test(timestamp)) return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS)) return false;
  const expected = Buffer.from(computeWebhookSignature(options.secret, timestamp, options.rawBody).slice("sha256=".length), "hex");
  const given = Buffer.from(signature.replace(/^sha256=/, ""), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
