import { z } from "zod";
import { HEX_COLOR } from "@/lib/branding/colors";

// A partner's brand (its clients and portal domains show it) and its portal domains.

export const CLIENT_SIGNUP_MODES = ["open", "approval", "closed"] as const;
export const BRAND_ASSET_TYPES = ["image/png", "image/svg+xml", "image/jpeg"] as const;

const color = z.string().regex(HEX_COLOR, "Use a #rrggbb hex colour").transform((c) => c.toLowerCase());
// Goes into a From: header: no line breaks, quotes or angle brackets.
const displayName = z.string().trim().min(1).max(60).regex(/^[^\r\n"<>\\]+$/, "Must not contain line breaks, quotes or angle brackets");

export const colorCheckSchema = z.object({
  field: z.enum(["primary_color", "accent_color"]),
  color: z.string(),
  contrast_with_text: z.number().describe("White text on the colour (AA: 4.5)"),
  contrast_with_background: z.number(),
  passes_aa: z.boolean(),
});

export const brandingSchema = z.object({
  organization_id: z.string().uuid(),
  product_name: z.string(),
  logo_url: z.string().nullable(),
  favicon_url: z.string(),
  primary_color: z.string(),
  accent_color: z.string(),
  support_email: z.string().nullable(),
  email_sender_name: z.string(),
  client_signup: z.enum(CLIENT_SIGNUP_MODES).describe("Sign-ups on the partner's portal"),
  default_portal_url: z.string().nullable(),
  portal_url: z.string(),
  contrast: z.array(colorCheckSchema),
  warnings: z.array(z.object({ field: z.string(), message: z.string() })).describe("Colours below WCAG AA"),
});
export type BrandingResponse = z.infer<typeof brandingSchema>;

export const updateBrandingSchema = z
  .object({
    product_name: z.string().trim().min(1).max(60).nullable(),
    primary_color: color.nullable(),
    accent_color: color.nullable(),
    support_email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254).nullable(),
    email_sender_name: displayName.nullable(),
    client_signup: z.enum(CLIENT_SIGNUP_MODES),
  })
  .partial()
  .strict();
export type UpdateBrandingInput = z.input<typeof updateBrandingSchema>;

export const uploadBrandAssetSchema = z
  .object({
    content_type: z.enum(BRAND_ASSET_TYPES),
    data: z.string().min(1).describe("base64"),
  })
  .strict();

// ---- portal domains ----

export const hostnameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((h) => h.replace(/\.$/, ""))
  .pipe(
    z
      .string()
      .max(253)
      .regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/, "Enter a host name such as portal.agency.example"),
  );

export const portalDomainSchema = z.object({
  id: z.string().uuid(),
  hostname: z.string(),
  status: z.enum(["pending", "verified"]),
  verification: z.object({
    type: z.literal("TXT"),
    name: z.string(),
    value: z.string(),
  }),
  verified_at: z.string().nullable(),
  last_checked_at: z.string().nullable(),
  last_error: z.string().nullable(),
  created_at: z.string(),
});
export type PortalDomainResponse = z.infer<typeof portalDomainSchema>;

export const portalDomainListSchema = z.object({ data: z.array(portalDomainSchema) });
export const createPortalDomainSchema = z.object({ hostname: hostnameSchema }).strict();

// ---- client sign-ups awaiting approval ----

export const clientSignupSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  owner_email: z.string().nullable(),
  approval_pending: z.boolean(),
  created_at: z.string(),
});
export const clientSignupListSchema = z.object({ data: z.array(clientSignupSchema) });
