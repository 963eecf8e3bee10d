import { z } from "zod";

export const ORGANIZATION_KINDS = ["platform", "partner", "client"] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

// The portal's "acting as" choice: the organisation below the user's own that its API calls
// name in X-Organization-Id (lib/client/api.ts). A cookie, so the layout can show it too.
export const ACTING_ORGANIZATION_COOKIE = "sb_acting_org";

// HMS's documented retention windows (days). Content = transcripts and recordings; metadata =
// the call rows themselves, so content never outlives them.
export const CONTENT_RETENTION_DAYS = [30, 90, 180, 365] as const;
export const METADATA_RETENTION_DAYS = [30, 90, 180, 365, 730] as const;

const counters = {
  minutes_balance: z.number().nullable().describe("Prepaid minutes left; null until this install keeps a credit ledger"),
  credits_balance: z.number().nullable().describe("Prepaid credits left; null until this install keeps a credit ledger"),
  monthly_usage_minutes: z.number().describe("Minutes of calls ended since the 1st of this month, 00:00 UTC"),
  active_numbers: z.number().int().describe("Active phone numbers"),
  active_agents: z.number().int().describe("Active assistants"),
  active_calls: z.number().int().describe("Calls in progress now"),
};
export const organizationCountersSchema = z.object(counters);
export type OrganizationCounters = z.infer<typeof organizationCountersSchema>;

export const organizationChildSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  slug: z.string(),
  kind: z.enum(ORGANIZATION_KINDS),
  parent_org_id: z.string().uuid().nullable(),
  created_at: z.string(),
  // With ?include_children=true: the child's counters and its own children.
  minutes_balance: counters.minutes_balance.optional(),
  credits_balance: counters.credits_balance.optional(),
  monthly_usage_minutes: counters.monthly_usage_minutes.optional(),
  active_numbers: counters.active_numbers.optional(),
  active_agents: counters.active_agents.optional(),
  active_calls: counters.active_calls.optional(),
  get children(): z.ZodOptional<z.ZodArray<typeof organizationChildSchema>> {
    return z.array(organizationChildSchema).optional();
  },
});
export type OrganizationChild = z.infer<typeof organizationChildSchema>;

export const organizationSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  slug: z.string(),
  kind: z.enum(ORGANIZATION_KINDS).describe("Place in the tree: platform → partner → client"),
  parent_org_id: z.string().uuid().nullable(),
  created_at: z.string(),
  ...counters,
  content_retention_days: z.number().int().nullable().describe("Days transcripts and recordings are kept; null: forever"),
  metadata_retention_days: z.number().int().nullable().describe("Days call rows are kept; null: forever"),
  children: z.array(organizationChildSchema).describe("Direct child organisations"),
});
export type Organization = z.infer<typeof organizationSchema>;

export const organizationQuerySchema = z.object({
  include_children: z.enum(["true", "false"]).default("false").transform((v) => v === "true")
    .describe("true: each child with its counters and its own children"),
});

const trimmedName = z.string().trim().min(1, "must not be empty").max(200);

export const organizationCreateSchema = z.object({
  name: trimmedName,
  parent_org_id: z.string().uuid("must be a UUID").transform((s) => s.toLowerCase()).optional()
    .describe("Create below this organisation (the caller's own or one below it); default: the acting organisation"),
  email: z.string().trim().toLowerCase().email("must be an email address").optional()
    .describe("Invite this address as the new organisation's owner (an email with an accept link)"),
});
export type OrganizationCreateInput = z.input<typeof organizationCreateSchema>;

export const organizationCreatedSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  slug: z.string(),
  kind: z.enum(ORGANIZATION_KINDS),
  parent_org_id: z.string().uuid().nullable(),
  api_key: z.string().describe("A full-access API key of the new organisation; shown only in this response"),
  created_at: z.string(),
});

const retention = <T extends readonly number[]>(values: T, label: string) =>
  z.number().int().refine((v) => (values as readonly number[]).includes(v), `must be one of ${values.join(", ")} (${label})`).nullable();

export const organizationUpdateSchema = z.object({
  name: trimmedName.optional(),
  content_retention_days: retention(CONTENT_RETENTION_DAYS, "days").optional().describe("30, 90, 180 or 365; null: keep forever"),
  metadata_retention_days: retention(METADATA_RETENTION_DAYS, "days").optional().describe("30, 90, 180, 365 or 730; null: keep forever"),
}).refine((v) => Object.keys(v).length > 0, { message: "Give name, content_retention_days or metadata_retention_days" });
export type OrganizationUpdateInput = z.input<typeof organizationUpdateSchema>;
