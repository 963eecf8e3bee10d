import { z } from "zod";
import { defineOperation, uuidParam } from "@/lib/api/operation";
import { organizationWebhookSchema, organizationWebhookUpdateSchema, webhookDeliverySchema } from "@/lib/schemas/webhook";

const tags = ["Webhooks"];

export const listCallWebhookDeliveries = defineOperation({
  operationId: "listCallWebhookDeliveries", method: "get", path: "/calls/{id}/webhook-deliveries", params: { id: uuidParam("Call") }, tags, permission: "calls.read",
  summary: "A call's webhook deliveries",
  description: "Every webhook sent for the call (assistant-request, status-update, end-of-call-report), oldest first, each with its attempt log.",
  responses: { 200: { description: "The deliveries", schema: z.object({ deliveries: z.array(webhookDeliverySchema) }) } },
});

export const replayWebhookDelivery = defineOperation({
  operationId: "replayWebhookDelivery", method: "post", path: "/webhook-deliveries/{id}/replay", params: { id: uuidParam("Webhook delivery") }, tags, permission: "webhooks.replay",
  summary: "Send a webhook delivery again",
  description: "Re-sends the same payload with the same X-Webhook-Id (idempotency key) now, logged as a `replay` attempt. A 2xx answer marks the delivery succeeded; a failure is logged and leaves its status unchanged.",
  responses: { 200: { description: "The delivery after the attempt", schema: z.object({ delivery: webhookDeliverySchema }) } },
});

export const getOrganizationWebhook = defineOperation({
  operationId: "getOrganizationWebhook", method: "get", path: "/organizations/webhook", tags, permission: "webhooks.read",
  summary: "The organisation webhook",
  description: "Receives the events of assistants without a webhook_url of their own (and tool calls of tools without a url).",
  responses: { 200: { description: "The settings (secret masked)", schema: organizationWebhookSchema } },
});

export const updateOrganizationWebhook = defineOperation({
  operationId: "updateOrganizationWebhook", method: "patch", path: "/organizations/webhook", tags, permission: "webhooks.write",
  summary: "Set or clear the organisation webhook",
  description: "Absent fields are kept; null clears (clearing webhook_url also clears the secret).",
  body: organizationWebhookUpdateSchema,
  responses: { 200: { description: "The settings (secret masked)", schema: organizationWebhookSchema } },
});
