import "server-only";
import { json, parseBody, withOrg } from "@/lib/api/handler";
import { uuidOr404 } from "@/lib/api/params";
import { organizationWebhookUpdateSchema } from "@/lib/schemas/webhook";
import { findCallDeliveries, replayDelivery } from "@/lib/webhooks/deliveries";
import { getOrganizationWebhook, updateOrganizationWebhook } from "@/lib/organizations/webhook";

/** GET /calls/{id}/webhook-deliveries — the call's webhook deliveries with their attempts. */
export const listCallWebhookDeliveries = withOrg(async ({ params, scope }) =>
  json({ deliveries: await findCallDeliveries(scope, uuidOr404(params.id, "Call")) }), { permission: "calls.read" });

/** POST /webhook-deliveries/{id}/replay — send a delivery again (same idempotency key). */
export const replayWebhookDelivery = withOrg(async ({ params, scope }) =>
  json({ delivery: await replayDelivery(scope, uuidOr404(params.id, "Webhook delivery")) }), { permission: "webhooks.replay" });

/** GET /organizations/webhook — the organisation webhook (secret masked). */
export const getOrganizationWebhookRoute = withOrg(async ({ scope }) => json(await getOrganizationWebhook(scope)), { permission: "webhooks.read" });

/** PATCH /organizations/webhook — set or clear the organisation webhook (admin). */
export const updateOrganizationWebhookRoute = withOrg(
  async ({ req, scope }) => json(await updateOrganizationWebhook(scope, await parseBody(req, organizationWebhookUpdateSchema))),
  { permission: "webhooks.write" },
);
