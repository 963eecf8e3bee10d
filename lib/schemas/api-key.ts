import { z } from "zod";

// Organisation API keys. The full key appears once, in the create response; lists show
// only the display prefix.

export const apiKeyCreateSchema = z
  .object({
    name: z.string().trim().min(1, "Name is required").max(100, "Name must be at most 100 characters").describe("A label to recognise the key by, e.g. where it is used"),
  })
  .strict();
export type ApiKeyCreateInput = z.input<typeof apiKeyCreateSchema>;

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe("The first characters of the key, to recognise it"),
  created_at: z.string(),
  last_used_at: z.string().nullable().describe("Last authenticated request (recorded at most once a minute)"),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

export const apiKeyCreatedSchema = z.object({
  api_key: apiKeySchema,
  key: z.string().describe("The full key (sb_live_…). Shown only in this response: store it now"),
});
export type ApiKeyCreated = z.infer<typeof apiKeyCreatedSchema>;
