// The brand a page or an email shows. Pure: client components receive it as a prop.

export type BrandKind = "platform" | "partner" | "neutral";

export type Brand = {
  kind: BrandKind;
  /** The partner whose brand this is; null for the platform's and the neutral one. */
  organizationId: string | null;
  productName: string;
  /** Path of the logo on whichever host serves the page; null: the product name is the logo. */
  logoPath: string | null;
  /** The same logo as an absolute URL on the brand's portal (for emails). */
  logoUrl: string | null;
  faviconPath: string;
  primaryColor: string;
  accentColor: string;
  supportEmail: string | null;
  /** The display name emails are sent under. */
  senderName: string;
  /** Where the brand's portal lives: its verified domain, its default subdomain, or APP_URL. */
  portalUrl: string;
};

export const DEFAULT_PRIMARY_COLOR = "#1f5ad6";
export const DEFAULT_ACCENT_COLOR = "#1846a8";

/** Asset paths are /brand-assets/<owner>/<file>: owner is an organisation id or "platform". */
export const BRAND_ASSET_PREFIX = "/brand-assets";
export const monogramPath = (owner: string) => `${BRAND_ASSET_PREFIX}/${owner}/monogram.svg`;

/** Set by proxy.ts on every page request: "platform", "unknown" or the partner's id. */
export const BRAND_HEADER = "x-portal-brand";
/** Where proxy.ts sends pages of a host that is no one's (unverified, removed, unknown). */
export const UNCLAIMED_HOST_PATH = "/unclaimed-host";
