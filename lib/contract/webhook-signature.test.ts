import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { computeWebhookSignature, verifyWebhookSignature, webhookHeaders } from "./webhook-signature";

describe("webhook signature", () => {
  const body = JSON.stringify({ message: { type: "status-update" } });

  it("is sha256= + hex HMAC of `timestamp.body`", () => {
    const expected = createHmac("sha256", "s3cret").update(`1700000000.${body}`).digest("hex");
    expect(computeWebhookSignature("s3cret", 1700000000, body)).toBe(`sha256=${expected}`);
  });

  it("verifies with and without the prefix, and rejects tampering, wrong keys and old timestamps", () => {
    const now = 1700000100;
    const headers = webhookHeaders({ event: "status-update", rawBody: body, secret: "s3cret", timestamp: 1700000000 });
    const signature = headers["x-webhook-signature"];
    const timestamp = headers["x-webhook-timestamp"];
    expect(verifyWebhookSignature({ secret: "s3cret", rawBody: body, signature, timestamp, now })).toBe(true);
    expect(verifyWebhookSignature({ secret: "s3cret", rawBody: body, signature: signature?.slice(7), timestamp, now })).toBe(true);
    expect(verifyWebhookSignature({ secret: "s3cret", rawBody: body + " ", signature, timestamp, now })).toBe(false);
    expect(verifyWebhookSignature({ secret: "other", rawBody: body, signature, timestamp, now })).toBe(false);
    expect(verifyWebhookSignature({ secret: "s3cret", rawBody: body, signature, timestamp, now: now + 400 })).toBe(false);
  });

  it("sends no signature header without a secret", () => {
    const headers = webhookHeaders({ event: "tool-calls", rawBody: body });
    expect(headers["x-webhook-signature"]).toBeUndefined();
    expect(headers["x-webhook-event"]).toBe("tool-calls");
  });
});
