import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors/app-error";
import { decryptSecret, encryptSecret, maskSecret } from "@/lib/crypto";
import { organizationWebhookSchema, organizationWebhookUpdateSchema } from "@/lib/schemas/webhook";
import type { z } from "zod";

// The organisation (account-level) webhook: the last receiver in the precedence tool url ->
// assistant webhook_url -> organisation. The secret is stored encrypted and returned masked.

import { organizationWhere, type OrgScope } from "@/lib/tenancy/scope";

function maskStored(secretEnc: string | null): string | null {
  if (!secretEnc) return null;
  try {
    return maskSecret(decryptSecret(secretEnc));
  } catch {
    return "****";
  }
}

export async function getOrganizationWebhook(scope: OrgScope) {
  const org = await db.organization.findUnique({ where: organizationWhere(scope), select: { webhookUrl: true, webhookSecretEnc: true } });
  if (!org) throw notFound("Organization");
  return organizationWebhookSchema.parse({ webhook_url: org.webhookUrl, webhook_secret: maskStored(org.webhookSecretEnc) });
}

/** Absent keys stay as they are; null clears (clearing the URL clears the secret too). */
export async function updateOrganizationWebhook(scope: OrgScope, input: z.output<typeof organizationWebhookUpdateSchema>) {
  const data: { webhookUrl?: string | null; webhookSecretEnc?: string | null } = {};
  if (input.webhook_url !== undefined) data.webhookUrl = input.webhook_url;
  if (input.webhook_secret !== undefined) data.webhookSecretEnc = input.webhook_secret ? encryptSecret(input.webhook_secret) : null;
  if (input.webhook_url === null) data.webhookSecretEnc = null;
  await db.organization.update({ where: organizationWhere(scope), data });
  return getOrganizationWebhook(scope);
}
