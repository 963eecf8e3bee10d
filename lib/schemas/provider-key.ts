import { z } from "zod";

// Bring-your-own-key: an organisation's own provider credentials (HMS Sovereign §11).
// The key is write-only: stored encrypted, answered only as a masked hint.

export const BYOK_PROVIDERS = [
  "openai",
  "deepgram",
  "elevenlabs",
  "inworld",
  "xai",
  "mistral",
  "google",
  "openai-compatible",
] as const;
export type ByokProvider = (typeof BYOK_PROVIDERS)[number];

export const BYOK_PROVIDER_LABELS: Record<ByokProvider, string> = {
  openai: "OpenAI",
  deepgram: "Deepgram",
  elevenlabs: "ElevenLabs",
  inworld: "Inworld",
  xai: "xAI",
  mistral: "Mistral",
  google: "Google",
  "openai-compatible": "OpenAI-compatible server",
};

export const isByokProvider = (value: unknown): value is ByokProvider =>
  typeof value === "string" && (BYOK_PROVIDERS as readonly string[]).includes(value);

export const byokProviderSchema = z.enum(BYOK_PROVIDERS).describe("Provider the key belongs to");

const baseUrl = z
  .string()
  .trim()
  .max(500)
  .url("must be a URL")
  .refine((u) => /^(https?|wss?):\/\//.test(u), "must be an http(s) or ws(s) URL");

export const byokCreateSchema = z
  .object({
    provider: byokProviderSchema,
    api_key: z
      .string({ error: "api_key is required" })
      .trim()
      .min(1, "api_key is required")
      .max(4000)
      .describe("Write-only: stored encrypted (AES-256-GCM), never returned"),
    base_url: baseUrl
      .nullable()
      .optional()
      .describe("API base URL for this key (self-hosted or proxy); required for openai-compatible"),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.provider === "openai-compatible" && !body.base_url) {
      ctx.addIssue({ code: "custom", path: ["base_url"], message: "base_url is required for the openai-compatible provider" });
    }
  });
export type ByokCreateInput = z.input<typeof byokCreateSchema>;
export type ByokCreate = z.output<typeof byokCreateSchema>;

/** Body of DELETE /byok and POST /byok/test. */
export const byokProviderBodySchema = z.object({ provider: byokProviderSchema }).strict();

export const byokKeySchema = z.object({
  provider: byokProviderSchema,
  key_hint: z.string().describe("Masked key: **** and its last four characters"),
  base_url: z.string().nullable(),
  last_tested_at: z.string().nullable().describe("When POST /byok/test last ran for this key"),
  last_test_ok: z.boolean().nullable().describe("Whether the provider accepted the key at the last test"),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ByokKey = z.infer<typeof byokKeySchema>;

export const byokListSchema = z.object({ byok_keys: z.array(byokKeySchema) });
export const byokOneSchema = z.object({ byok_key: byokKeySchema });

export const byokTestResultSchema = z.object({
  ok: z.boolean().describe("true when the provider accepted the key"),
  message: z.string().describe("What happened, for people"),
});
export type ByokTestResult = z.infer<typeof byokTestResultSchema>;
