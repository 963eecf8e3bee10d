import "server-only";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors/app-error";
import { recordingStorage } from "@/lib/recordings/recordings";
import { checkColor, colorWarnings } from "@/lib/branding/colors";
import { brandFields, partnerBrand } from "@/lib/branding/brand";
import { sanitizeSvg } from "@/lib/branding/svg";
import { brandingSchema, updateBrandingSchema, type BrandingResponse, type UpdateBrandingInput } from "@/lib/schemas/branding";
import { organizationWhere, type OrgScope } from "@/lib/tenancy/scope";

// A partner's branding settings. Only partners have a brand: clients inherit their partner's,
// everyone else shows the platform's (PLATFORM_NAME).

export type BrandAssetKind = "logo" | "favicon";

const ownerSelect = { ...brandFields, clientSignup: true } as const;

async function findPartnerOrThrow(scope: OrgScope) {
  const org = await db.organization.findUnique({ where: organizationWhere(scope), select: ownerSelect });
  if (!org) throw notFound("Organization");
  if (org.kind !== "partner") throw new AppError("forbidden", "Only partner organisations have a brand of their own; clients show their partner's");
  return org;
}

function toBranding(org: Awaited<ReturnType<typeof findPartnerOrThrow>>): BrandingResponse {
  const brand = partnerBrand(org);
  const contrast = [checkColor("primary_color", brand.primaryColor), checkColor("accent_color", brand.accentColor)];
  const base = env().PORTAL_BASE_DOMAIN;
  return brandingSchema.parse({
    organization_id: org.id,
    product_name: brand.productName,
    logo_url: brand.logoPath,
    favicon_url: brand.faviconPath,
    primary_color: brand.primaryColor,
    accent_color: brand.accentColor,
    support_email: brand.supportEmail,
    email_sender_name: brand.senderName,
    client_signup: org.clientSignup,
    default_portal_url: base ? `${new URL(env().APP_URL).protocol}//${org.slug}.${base}` : null,
    portal_url: brand.portalUrl,
    contrast,
    warnings: colorWarnings(contrast),
  });
}

export async function getBranding(scope: OrgScope): Promise<BrandingResponse> {
  return toBranding(await findPartnerOrThrow(scope));
}

export async function updateBranding(scope: OrgScope, input: UpdateBrandingInput): Promise<BrandingResponse> {
  const data = updateBrandingSchema.parse(input);
  await findPartnerOrThrow(scope);
  await db.organization.update({
    where: organizationWhere(scope),
    data: {
      brandName: data.product_name,
      primaryColor: data.primary_color,
      accentColor: data.accent_color,
      supportEmail: data.support_email,
      emailSenderName: data.email_sender_name,
      clientSignup: data.client_signup,
    },
  });
  return getBranding(scope);
}

// ---- logo and favicon ----

const EXTENSIONS = { "image/png": "png", "image/svg+xml": "svg", "image/jpeg": "jpg" } as const;
export const ASSET_CONTENT_TYPES: Record<string, string> = { png: "image/png", svg: "image/svg+xml", jpg: "image/jpeg" };

function looksLike(contentType: keyof typeof EXTENSIONS, bytes: Buffer): boolean {
  if (contentType === "image/png") return bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if (contentType === "image/jpeg") return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  return /<svg[\s>]/i.test(bytes.subarray(0, 4096).toString("utf8"));
}

function decodeBase64(data: string): Buffer {
  const compact = data.replace(/^data:[^;,]+;base64,/, "").replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    throw new AppError("validation_error", "data: must be base64", "data");
  }
  return Buffer.from(compact, "base64");
}

/** Checks, sanitises (SVG) and stores an uploaded logo or favicon; the previous one is deleted. */
export async function uploadBrandAsset(
  scope: OrgScope,
  kind: BrandAssetKind,
  input: { content_type: keyof typeof EXTENSIONS; data: string },
): Promise<BrandingResponse> {
  const org = await findPartnerOrThrow(scope);
  const max = env().BRAND_ASSET_MAX_BYTES;
  // Rejects an oversized body before decoding it.
  if (input.data.length > Math.ceil(max / 3) * 4 + 64) throw new AppError("payload_too_large", `The ${kind} must be at most ${max} bytes`, "data");
  let bytes = decodeBase64(input.data);
  if (bytes.length === 0) throw new AppError("validation_error", `data: the ${kind} is empty`, "data");
  if (bytes.length > max) throw new AppError("payload_too_large", `The ${kind} must be at most ${max} bytes`, "data");
  if (!looksLike(input.content_type, bytes)) {
    throw new AppError("unsupported_media_type", `The file is not a ${input.content_type} image`, "content_type");
  }
  if (input.content_type === "image/svg+xml") {
    const clean = sanitizeSvg(bytes.toString("utf8"));
    if (!clean) throw new AppError("unsupported_media_type", "The SVG has no drawing left once scripts and external references are removed", "data");
    bytes = Buffer.from(clean, "utf8");
  }
  const digest = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
  const key = `branding/${org.id}/${kind}-${digest}.${EXTENSIONS[input.content_type]}`;
  await recordingStorage().put(key, Readable.from(bytes), { contentType: input.content_type, size: bytes.length });
  const previous = kind === "logo" ? org.logoKey : org.faviconKey;
  await db.organization.update({ where: organizationWhere(scope), data: kind === "logo" ? { logoKey: key } : { faviconKey: key } });
  if (previous && previous !== key) await recordingStorage().delete(previous).catch(() => undefined);
  return getBranding(scope);
}

export async function deleteBrandAsset(scope: OrgScope, kind: BrandAssetKind): Promise<BrandingResponse> {
  const org = await findPartnerOrThrow(scope);
  const previous = kind === "logo" ? org.logoKey : org.faviconKey;
  await db.organization.update({ where: organizationWhere(scope), data: kind === "logo" ? { logoKey: null } : { faviconKey: null } });
  if (previous) await recordingStorage().delete(previous).catch(() => undefined);
  return getBranding(scope);
}

export type OpenedBrandAsset = { body: ReadableStream<Uint8Array>; contentType: string; size: number };

// Public: logos appear on the login page. Only a partner's current logo or favicon is served
// (listed in lib/tenancy/scope.ts).
export async function openBrandAsset(owner: string, file: string): Promise<OpenedBrandAsset | null> {
  if (!/^[0-9a-f-]{36}$/.test(owner) || !/^(logo|favicon)-[0-9a-f]{16}\.(png|svg|jpg)$/.test(file)) return null;
  const assetKey = `branding/${owner}/${file}`;
  const current = await db.organization.count({ where: { id: owner, kind: "partner", OR: [{ logoKey: assetKey }, { faviconKey: assetKey }] } });
  if (!current) return null;
  const stat = await recordingStorage().stat(assetKey);
  const body = stat ? await recordingStorage().get(assetKey) : null;
  if (!stat || !body) return null;
  return { body, contentType: ASSET_CONTENT_TYPES[file.split(".").pop()!]!, size: stat.size };
}

const xmlEscape = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The default favicon: the brand's initial on its primary colour. */
export function monogramSvg(productName: string, color: string): string {
  const initial = xmlEscape([...productName.trim()][0]?.toUpperCase() ?? "·");
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="${xmlEscape(color)}"/><text x="32" y="44" font-family="Arial, Helvetica, sans-serif" font-size="36" font-weight="700" fill="#ffffff" text-anchor="middle">${initial}</text></svg>`;
}
