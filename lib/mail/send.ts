import "server-only";
import path from "node:path";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { decryptSecret } from "@/lib/crypto";
import { keyBaseUrl } from "@/lib/provider-keys/provider-check";
import { brandFromChain, PLATFORM_BRAND, type MailBrand } from "@/lib/mail/brand";
import { outboxTransport, resendTransport, smtpTransport, type MailTransport, type SentMail } from "@/lib/mail/transports";
import type { RenderedMail } from "@/lib/mail/templates";
import { organizationWhere, orgWhere, type OrgScope } from "@/lib/tenancy/scope";

// The one way the platform sends email. An organisation with its own Resend key (BYOK
// "resend") sends through Resend; else SMTP_URL; else the local outbox, so a fresh install
// needs no mail account.

/** The outbox folder (MAIL_OUTBOX_DIR, relative to the working directory). */
export const outboxDir = () => path.resolve(env().MAIL_OUTBOX_DIR);

/** The transport for an organisation's mail (null: platform mail, e.g. a password reset). */
export async function mailTransportFor(scope: OrgScope | null): Promise<MailTransport> {
  const e = env();
  if (scope) {
    const key = await db.providerKey.findFirst({ where: { ...orgWhere(scope), provider: "resend" } });
    if (key) {
      return resendTransport({
        apiKey: decryptSecret(key.keyEnc),
        baseUrl: keyBaseUrl("resend", key.baseUrl) ?? "https://api.resend.com",
        // A key's own base URL is customer-supplied; the platform's setting is not.
        allowPrivateNetworks: key.baseUrl ? e.OUTBOUND_ALLOW_PRIVATE_NETWORKS : true,
      });
    }
  }
  if (e.SMTP_URL) return smtpTransport(e.SMTP_URL);
  return outboxTransport(outboxDir(), scope?.organizationId ?? null);
}

/** The brand an organisation's mail carries: its own, its partner's, or the platform's. */
export async function mailBrandOf(scope: OrgScope | null): Promise<MailBrand> {
  if (!scope) return PLATFORM_BRAND;
  const org = await db.organization.findUnique({
    where: organizationWhere(scope),
    select: {
      brandName: true, logoUrl: true, primaryColor: true,
      parent: { select: { brandName: true, logoUrl: true, primaryColor: true, parent: { select: { brandName: true, logoUrl: true, primaryColor: true } } } },
    },
  });
  if (!org) return PLATFORM_BRAND;
  const chain = [org, org.parent, org.parent?.parent].filter((o): o is NonNullable<typeof o> => Boolean(o));
  return brandFromChain(chain);
}

/** `Sender Name <address>`: the brand's sender name with the configured address. */
export function senderOf(brand: MailBrand, from = env().MAIL_FROM): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
  const name = brand.senderName.replace(/["\\\r\n<>]/g, "").trim();
  return name ? `"${name}" <${address}>` : address;
}

/** Sends one rendered email to `to` in the organisation's brand and through its transport. */
export async function sendMail(scope: OrgScope | null, to: string, mail: RenderedMail, brand?: MailBrand): Promise<SentMail> {
  const b = brand ?? (await mailBrandOf(scope));
  const transport = await mailTransportFor(scope);
  return transport.send({ from: senderOf(b), to, subject: mail.subject, text: mail.text, html: mail.html, replyTo: b.supportEmail });
}
