import { z } from "zod";
import { defineOperations } from "@/lib/openapi/registry";
import { organizationWebhookSchema, organizationWebhookUpdateSchema, webhookDeliverySchema } from "@/lib/schemas/webhook";

export const webhookOperations = defineOperations([
  {
    method: "get",
    path: "/calls/{id}/webhook-deliveries",
    operationId: "listCallWebhookDeliveries",
    summary: "A call's webhook deliveries",
    description: "Every webhook sent for the call (assistant-request, status-update, end-of-call-report), oldest first, each with its attempt log.",
    tags: ["Webhooks"],
    responses: { 200: { description: "The deliveries", schema: z.object({ deliveries: z.array(webhookDeliverySchema) }) } },
  },
  {
    method: "post",
    path: "/webhook-deliveries/{id}/replay",
    operationId: "replayWebhookDelivery",
    summary: "Send a webhook delivery again",
    description: "Re-sends the same payload with the same X-Webhook-Id (idempotency key) now, logged as a `replay` attempt. A 2xx answer marks the delivery succeeded; a failure is logged and leaves its status unchanged.",
    tags: ["Webhooks"],
    responses: { 200: { description: "The delivery after the attempt", schema: z.object({ delivery: webhookDeliverySchema }) } },
  },
  {
    method: "get",
    path: "/organizations/webhook",
    operationId: "getOrganizationWebhook",
    summary: "The organisation webhook",
    description: "Receives the events of assistants without a webhook_url of their own (and tool calls of tools without a url).",
    tags: ["Webhooks"],
    responses: { 200: { description: "The settings (secret masked)", schema: organizationWebhookSchema } },
  },
  {
    method: "patch",
    path: "/organizations/webhook",
    operationId: "updateOrganizationWebhook",
    summary: "Set or clear the organisation webhook",
    description: "Admin role. Absent fields are kept; null clears (clearing webhook_url also clears the secret).",
    tags: ["Webhooks"],
    body: organizationWebhookUpdateSchema,
    responses: { 200: { description: "The settings (secret masked)", schema: organizationWebhookSchema } },
  },
]);
