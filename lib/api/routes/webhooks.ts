import "server-only";
import { route } from "@/lib/api/handler";
import * as op from "@/lib/api/operations/webhooks";
import { findCallDeliveries, replayDelivery } from "@/lib/webhooks/deliveries";
import { getOrganizationWebhook, updateOrganizationWebhook } from "@/lib/organizations/webhook";

export const listCallWebhookDeliveries = route(op.listCallWebhookDeliveries, async ({ params, scope }) => ({
  deliveries: await findCallDeliveries(scope, params.id),
}));

/** Same payload, same idempotency key. */
export const replayWebhookDelivery = route(op.replayWebhookDelivery, async ({ params, scope }) => ({
  delivery: await replayDelivery(scope, params.id),
}));

export const getOrganizationWebhookRoute = route(op.getOrganizationWebhook, async ({ scope }) => getOrganizationWebhook(scope));

export const updateOrganizationWebhookRoute = route(op.updateOrganizationWebhook, async ({ body, scope }) => updateOrganizationWebhook(scope, body));
