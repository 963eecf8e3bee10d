// What the worker reads from the app: the dispatch metadata and the resolved call config.
// Only the fields the worker uses are validated; extra fields pass through untouched
// (zod objects strip unknown keys instead of rejecting them).
import { z } from "zod";

export const dispatchMetadataSchema = z.object({
  call_id: z.string().min(1).max(200),
});
export type DispatchMetadata = z.infer<typeof dispatchMetadataSchema>;

export class InvalidDispatchMetadataError extends Error {
  override name = "InvalidDispatchMetadataError";
}

/** Parses `ctx.job.metadata` (a JSON string set by the app when it dispatched the agent). */
export function parseDispatchMetadata(raw: string | undefined | null): DispatchMetadata {
  let json: unknown;
  try {
    json = JSON.parse(raw ?? "");
  } catch {
    throw new InvalidDispatchMetadataError("dispatch metadata is not JSON");
  }
  const result = dispatchMetadataSchema.safeParse(json);
  if (!result.success) {
    throw new InvalidDispatchMetadataError(`dispatch metadata is invalid: ${result.error.issues[0]?.message ?? "unknown"}`);
  }
  return result.data;
}

const optionalUrl = z.string().url().nullish().transform((v) => v ?? undefined);
const optionalNumber = z.number().nullish().transform((v) => v ?? undefined);

// Providers stay plain strings here so an unknown one surfaces as a ProviderConfigError
// naming the stage, not as a schema failure.
export const sttEntrySchema = z.object({
  provider: z.string().min(1),
  model: z.string().min(1),
  language: z.string().min(1),
  keyterms: z.array(z.string()).nullish().transform((v) => v ?? []),
  endpointing: optionalNumber,
  base_url: optionalUrl,
});

/** Alternative providers of a stage, tried in order when the one in use fails (at most 3). */
const fallbacksOf = <T extends z.ZodType>(entry: T) => z.array(entry).max(3).nullish();
export const sttConfigSchema = sttEntrySchema.extend({ fallbacks: fallbacksOf(sttEntrySchema) });

export const chatMessageSchema = z.object({
  role: z.enum(["system", "user", "assistant"]),
  content: z.string(),
});

/** An LLM fallback changes the model and how it is called; prompt and tools stay the primary's. */
export const llmEntrySchema = z.object({
  provider: z.string().min(1),
  model: z.string().min(1),
  temperature: optionalNumber,
  max_tokens: optionalNumber,
  base_url: optionalUrl,
});

export const llmConfigSchema = z.object({
  provider: z.string().min(1),
  model: z.string().min(1),
  temperature: optionalNumber,
  max_tokens: optionalNumber,
  messages: z.array(chatMessageSchema).default([]),
  base_url: optionalUrl,
  fallbacks: fallbacksOf(llmEntrySchema),
});

export const ttsEntrySchema = z.object({
  provider: z.string().min(1),
  voice_id: z.string().min(1),
  model: z.string().nullish().transform((v) => v ?? undefined),
  language: z.string().nullish().transform((v) => v ?? undefined),
  stability: optionalNumber,
  similarity_boost: optionalNumber,
  style: optionalNumber,
  use_speaker_boost: z.boolean().nullish().transform((v) => v ?? undefined),
  speed: optionalNumber,
  base_url: optionalUrl,
});
export const ttsConfigSchema = ttsEntrySchema.extend({ fallbacks: fallbacksOf(ttsEntrySchema) });

export const assistantConfigSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  first_message: z.string().nullish().transform((v) => v ?? null),
  is_active: z.boolean(),
  max_duration_seconds: z.number().positive().nullish().transform((v) => v ?? null),
  stt_config: sttConfigSchema,
  llm_config: llmConfigSchema,
  tts_config: ttsConfigSchema,
});

/** The organisation's own (BYOK) keys by provider; they win over the worker's env keys. Never log them. */
export const providerKeysSchema = z.record(
  z.string(),
  z.object({ api_key: z.string().min(1), base_url: optionalUrl }),
);

export const callConfigSchema = z.object({
  call: z.object({
    id: z.string().min(1),
    type: z.string(),
    room_name: z.string(),
    organization_id: z.string(),
  }),
  assistant: assistantConfigSchema,
  provider_keys: providerKeysSchema.nullish(),
});

export type SttConfig = z.output<typeof sttConfigSchema>;
export type SttEntry = z.output<typeof sttEntrySchema>;
export type LlmEntry = z.output<typeof llmEntrySchema>;
export type TtsEntry = z.output<typeof ttsEntrySchema>;
export type LlmConfig = z.output<typeof llmConfigSchema>;
export type TtsConfig = z.output<typeof ttsConfigSchema>;
export type AssistantConfig = z.output<typeof assistantConfigSchema>;
export type CallConfig = z.output<typeof callConfigSchema>;
/** Looser than the parsed output so tests and callers can omit base_url. */
export type ProviderKeys = Record<string, { api_key: string; base_url?: string | undefined }>;

/** The agent's instructions: every system message, in order. */
export function systemInstructions(config: LlmConfig): string {
  return config.messages
    .filter((m) => m.role === "system")
    .map((m) => m.content.trim())
    .filter(Boolean)
    .join("\n\n");
}
