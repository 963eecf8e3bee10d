import { z } from "zod";

export const ORGANIZATION_KINDS = ["platform", "partner", "client"] as const;

export const organizationChildSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  slug: z.string(),
  kind: z.enum(ORGANIZATION_KINDS),
  created_at: z.string(),
});

export const organizationSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  slug: z.string(),
  kind: z.enum(ORGANIZATION_KINDS).describe("Place in the tree: platform → partner → client"),
  parent_org_id: z.string().uuid().nullable(),
  created_at: z.string(),
  active_agents: z.number().int().describe("Active assistants"),
  active_calls: z.number().int().describe("Calls in progress now"),
  children: z.array(organizationChildSchema).describe("Direct child organisations"),
});
export type Organization = z.infer<typeof organizationSchema>;
