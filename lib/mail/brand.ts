// What an email shows of the organisation it comes from. Pages and mail take the same
// object; lib/branding's resolver fills it from the organisation's brand settings.
export type MailBrand = {
  productName: string;
  logoUrl: string | null;
  primaryColor: string;
  accentColor?: string | null;
  supportEmail: string | null;
  senderName: string;
};

export const PLATFORM_BRAND: MailBrand = {
  productName: "Switchboard",
  logoUrl: null,
  primaryColor: "#2563eb",
  accentColor: null,
  supportEmail: null,
  senderName: "Switchboard",
};

const HEX = /^#[0-9a-f]{6}$/i;

/** The brand of an organisation from its own fields, else its ancestors', else the platform's. */
export function brandFromChain(chain: readonly { brandName: string | null; logoUrl: string | null; primaryColor: string | null }[]): MailBrand {
  const first = <K extends "brandName" | "logoUrl" | "primaryColor">(key: K) => chain.find((o) => o[key])?.[key] ?? null;
  const productName = first("brandName") ?? PLATFORM_BRAND.productName;
  const color = first("primaryColor");
  return {
    productName,
    logoUrl: first("logoUrl"),
    primaryColor: color && HEX.test(color) ? color : PLATFORM_BRAND.primaryColor,
    accentColor: null,
    supportEmail: null,
    senderName: productName,
  };
}
