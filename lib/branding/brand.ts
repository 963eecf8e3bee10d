import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { resolveHost, type HostTarget } from "@/lib/branding/host";
import { BRAND_ASSET_PREFIX, DEFAULT_ACCENT_COLOR, DEFAULT_PRIMARY_COLOR, monogramPath, type Brand } from "@/lib/branding/types";

export type { Brand } from "@/lib/branding/types";

// One answer to "whose brand?" for pages, the portal and emails. A partner's brand is its own
// fields; its clients inherit it; everyone else (the platform, organisations not under a
// partner) gets the platform brand from the environment. A partner's brand never falls back
// to the platform's name, logo or support address.

/** The organisation fields a brand is made of (settings.ts reads the same ones). */
export const brandFields = {
  id: true,
  name: true,
  kind: true,
  brandName: true,
  logoKey: true,
  faviconKey: true,
  primaryColor: true,
  accentColor: true,
  supportEmail: true,
  emailSenderName: true,
  portalDomains: { where: { verifiedAt: { not: null } }, orderBy: { verifiedAt: "asc" }, take: 1, select: { hostname: true } },
  slug: true,
} as const;

type BrandOwner = {
  id: string;
  name: string;
  kind: string;
  slug: string;
  brandName: string | null;
  logoKey: string | null;
  faviconKey: string | null;
  primaryColor: string | null;
  accentColor: string | null;
  supportEmail: string | null;
  emailSenderName: string | null;
  portalDomains: { hostname: string }[];
};

const assetPath = (owner: string, key: string) => `${BRAND_ASSET_PREFIX}/${owner}/${key.split("/").pop()}`;

function hostOrigin(hostname: string): string {
  return `${new URL(env().APP_URL).protocol}//${hostname}`;
}

export function platformBrand(): Brand {
  const e = env();
  return {
    kind: "platform",
    organizationId: null,
    productName: e.PLATFORM_NAME,
    logoPath: null,
    logoUrl: null,
    faviconPath: monogramPath("platform"),
    primaryColor: DEFAULT_PRIMARY_COLOR,
    accentColor: DEFAULT_ACCENT_COLOR,
    supportEmail: e.PLATFORM_SUPPORT_EMAIL ?? null,
    senderName: e.PLATFORM_NAME,
    portalUrl: new URL(e.APP_URL).origin,
  };
}

/** What an unverified or unknown host shows: no one's name, logo or colours. */
export function neutralBrand(): Brand {
  return { ...platformBrand(), kind: "neutral", productName: "Portal", supportEmail: null, senderName: "Portal", faviconPath: monogramPath("neutral") };
}

export function partnerBrand(partner: BrandOwner): Brand {
  const base = env().PORTAL_BASE_DOMAIN;
  const host = partner.portalDomains[0]?.hostname ?? (base ? `${partner.slug}.${base}` : null);
  const portalUrl = host ? hostOrigin(host) : new URL(env().APP_URL).origin;
  const productName = partner.brandName ?? partner.name;
  const logoPath = partner.logoKey ? assetPath(partner.id, partner.logoKey) : null;
  return {
    kind: "partner",
    organizationId: partner.id,
    productName,
    logoPath,
    logoUrl: logoPath ? `${portalUrl}${logoPath}` : null,
    faviconPath: partner.faviconKey ? assetPath(partner.id, partner.faviconKey) : monogramPath(partner.id),
    primaryColor: partner.primaryColor ?? DEFAULT_PRIMARY_COLOR,
    accentColor: partner.accentColor ?? DEFAULT_ACCENT_COLOR,
    supportEmail: partner.supportEmail,
    senderName: partner.emailSenderName ?? productName,
    portalUrl,
  };
}

// Platform-wide by nature: a client's brand is its parent's row (listed in lib/tenancy/scope.ts).
async function findBrandOwner(organizationId: string): Promise<BrandOwner | null> {
  const org = await db.organization.findUnique({
    where: { id: organizationId },
    select: { ...brandFields, parent: { select: brandFields } },
  });
  if (!org) return null;
  if (org.kind === "partner") return org;
  if (org.kind === "client" && org.parent?.kind === "partner") return org.parent;
  return null;
}

export type BrandRequest = { organizationId?: string | null; host?: string | null; target?: HostTarget };

/**
 * The brand of an organisation (emails, a signed-in page), or of the host a request came
 * through. Given both, the host wins: a page shows the brand of the domain it is on.
 */
export async function resolveBrand(request: BrandRequest | string): Promise<Brand> {
  const { organizationId, host, target: given } = typeof request === "string" ? { organizationId: request, host: undefined, target: undefined } : request;
  if (given || host !== undefined) {
    const target = given ?? (await resolveHost(host));
    if (target.kind === "unknown") return neutralBrand();
    if (target.kind === "platform") return organizationId ? resolveBrand(organizationId) : platformBrand();
    const owner = await findBrandOwner(target.organizationId);
    return owner ? partnerBrand(owner) : neutralBrand();
  }
  if (!organizationId) return platformBrand();
  const owner = await findBrandOwner(organizationId);
  return owner ? partnerBrand(owner) : platformBrand();
}
