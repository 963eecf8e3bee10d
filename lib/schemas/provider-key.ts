import { z } from "zod";

// Provider keys: an organisation's own provider credentials (BYOK in HMS Sovereign §11).
// The key is write-only: stored encrypted, answered only as a masked hint.

export const PROVIDER_KEY_PROVIDERS = [
  "openai",
  "deepgram",
  "elevenlabs",
  "inworld",
  "xai",
  "mistral",
  "google",
  "openai-compatible",
  // Email: Resend's HTTP API sends the organisation's mail (lib/mail).
  "resend",
] as const;
export type ProviderKeyProvider = (typeof PROVIDER_KEY_PROVIDERS)[number];

export const PROVIDER_KEY_PROVIDER_LABELS: Record<ProviderKeyProvider, string> = {
  openai: "OpenAI",
  deepgram: "Deepgram",
  elevenlabs: "ElevenLabs",
  inworld: "Inworld",
  xai: "xAI",
  mistral: "Mistral",
  google: "Google",
  "openai-compatible": "OpenAI-compatible server",
  resend: "Resend (email)",
};

export const isProviderKeyProvider = (value: unknown): value is ProviderKeyProvider =>
  typeof value === "string" && (PROVIDER_KEY_PROVIDERS as readonly string[]).includes(value);

export const providerKeyProviderSchema = z.enum(PROVIDER_KEY_PROVIDERS).describe("Provider the key belongs to");

const baseUrl = z
  .string()
  .trim()
  .max(500)
  .url("must be a URL")
  .refine((u) => /^(https?|wss?):\/\//.test(u), "must be an http(s) or ws(s) URL");

export const providerKeyCreateSchema = z
  .object({
    provider: providerKeyProviderSchema,
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
export type ProviderKeyCreateInput = z.input<typeof providerKeyCreateSchema>;
export type ProviderKeyCreate = z.output<typeof providerKeyCreateSchema>;

/** Body of DELETE /byok and POST /byok/test. */
export const providerKeyProviderBodySchema = z.object({ provider: providerKeyProviderSchema }).strict();

export const providerKeySchema = z.object({
  provider: providerKeyProviderSchema,
  key_hint: z.string().describe("Masked key: **** and its last four characters"),
  base_url: z.string().nullable(),
  last_tested_at: z.string().nullable().describe("When POST /byok/test last ran for this key"),
  last_test_ok: z.boolean().nullable().describe("Whether the provider accepted the key at the last test"),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ProviderKey = z.infer<typeof providerKeySchema>;

/** HMS's field for a provider in the byok_keys map: openai -> openai_secret_id, openai-compatible -> openai_compatible_secret_id. */
export const byokSecretIdField = (provider: ProviderKeyProvider) => `${provider.replace(/-/g, "_")}_secret_id` as const;

/** HMS's shape of the stored keys: one `<provider>_secret_id` per provider, the key's id or null. */
export const byokKeysMapSchema = z
  .object(Object.fromEntries(PROVIDER_KEY_PROVIDERS.map((p) => [byokSecretIdField(p), z.string().nullable()])) as Record<`${string}_secret_id`, z.ZodNullable<z.ZodString>>)
  .describe("HMS's map: per provider, the id of the stored key or null");
export type ByokKeysMap = z.infer<typeof byokKeysMapSchema>;

export const providerKeyListSchema = z.object({
  byok_keys: byokKeysMapSchema,
  keys: z.array(providerKeySchema).describe("The stored keys, masked"),
});
export const providerKeyOneSchema = z.object({ success: z.literal(true), byok_keys: byokKeysMapSchema, byok_key: providerKeySchema });
export const providerKeyDeletedSchema = z.object({ success: z.literal(true), byok_keys: byokKeysMapSchema });

/** GET /byok/config: what can be configured, by provider and pipeline stage. */
export const byokConfigSchema = z.object({
  providers: z.array(
    z.object({
      provider: providerKeyProviderSchema,
      name: z.string(),
      categories: z.array(z.enum(["stt", "llm", "tts"])),
      models: z.record(z.string(), z.array(z.string())),
      requires_base_url: z.boolean(),
      configured: z.boolean(),
    }),
  ),
  categories: z.array(z.object({ id: z.enum(["stt", "llm", "tts"]), name: z.string(), providers: z.array(z.string()) })),
});

export const providerKeyTestResultSchema = z.object({
  ok: z.boolean().describe("true when the provider accepted the key"),
  message: z.string().describe("What happened, for people"),
});
export type ProviderKeyTestResult = z.infer<typeof providerKeyTestResultSchema>;
