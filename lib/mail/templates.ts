import type { MailBrand } from "@/lib/mail/brand";

// The emails the platform sends, branded. Pure: rendered the same in tests and in the app.

export type RenderedMail = { subject: string; text: string; html: string };

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

// Only http(s) links reach an href or src; anything else is dropped.
const safeUrl = (url: string | null | undefined) => (url && /^https?:\/\//i.test(url) ? url : null);

function layout(brand: MailBrand, body: { heading: string; paragraphs: string[]; action?: { label: string; url: string }; footnote?: string }): string {
  const logo = safeUrl(brand.logoUrl);
  const header = logo
    ? `<img src="${escapeHtml(logo)}" alt="${escapeHtml(brand.productName)}" style="max-height:40px">`
    : `<strong style="font-size:20px;color:${brand.primaryColor}">${escapeHtml(brand.productName)}</strong>`;
  const action = body.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(body.action.url)}" style="background:${brand.primaryColor};color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(body.action.label)}</a></p>
<p style="font-size:12px;color:#64748b">Or open this link: ${escapeHtml(body.action.url)}</p>`
    : "";
  const support = brand.supportEmail
    ? `<p style="font-size:12px;color:#64748b">Questions? Write to <a href="mailto:${escapeHtml(brand.supportEmail)}">${escapeHtml(brand.supportEmail)}</a>.</p>`
    : "";
  return `<!doctype html>
<html><body style="font-family:system-ui,sans-serif;color:#0f172a;background:#f8fafc;padding:24px">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px;border-top:4px solid ${brand.primaryColor}">
<div>${header}</div>
<h1 style="font-size:18px">${escapeHtml(body.heading)}</h1>
${body.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
${action}
${body.footnote ? `<p style="font-size:12px;color:#64748b">${escapeHtml(body.footnote)}</p>` : ""}
${support}
<p style="font-size:12px;color:#64748b">${escapeHtml(brand.productName)}</p>
</div></body></html>`;
}

function plain(brand: MailBrand, lines: (string | undefined)[]): string {
  const footer = [brand.supportEmail ? `Questions? Write to ${brand.supportEmail}.` : undefined, `— ${brand.productName}`];
  return [...lines, "", ...footer].filter((l) => l !== undefined).join("\n");
}

const ROLE_LABELS: Record<string, string> = { owner: "an owner", admin: "an admin", member: "a member", read_only: "a read-only member" };

const formatExpiry = (date: Date) => date.toISOString().replace("T", " ").slice(0, 16) + " UTC";

export function invitationEmail(input: {
  brand: MailBrand;
  organizationName: string;
  inviterName: string | null;
  role: string;
  acceptUrl: string;
  expiresAt: Date;
}): RenderedMail {
  const { brand } = input;
  const who = input.inviterName ? `${input.inviterName} invited you` : "You are invited";
  const intro = `${who} to join ${input.organizationName} on ${brand.productName} as ${ROLE_LABELS[input.role] ?? input.role}.`;
  const expiry = `The link works until ${formatExpiry(input.expiresAt)}. If you did not expect this invitation, ignore this email.`;
  return {
    subject: `Join ${input.organizationName} on ${brand.productName}`,
    text: plain(brand, [intro, "", `Accept the invitation: ${input.acceptUrl}`, "", expiry]),
    html: layout(brand, { heading: `Join ${input.organizationName}`, paragraphs: [intro], action: { label: "Accept invitation", url: input.acceptUrl }, footnote: expiry }),
  };
}

export function passwordResetEmail(input: { brand: MailBrand; resetUrl: string; expiresAt: Date }): RenderedMail {
  const { brand } = input;
  const intro = `Someone asked to reset the password of your ${brand.productName} account. Choose a new password with the link below.`;
  const expiry = `The link works once, until ${formatExpiry(input.expiresAt)}. If you did not ask for this, ignore this email: your password stays as it is.`;
  return {
    subject: `Reset your ${brand.productName} password`,
    text: plain(brand, [intro, "", `Reset your password: ${input.resetUrl}`, "", expiry]),
    html: layout(brand, { heading: "Reset your password", paragraphs: [intro], action: { label: "Choose a new password", url: input.resetUrl }, footnote: expiry }),
  };
}
