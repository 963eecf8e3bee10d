import { z } from "zod";
import { jsonSchemaField } from "@/lib/schemas/json-schema";
import { toolsSchema } from "@/lib/schemas/tools";

// The assistant contract (HMS Sovereign compatible, snake_case on the wire).
// Shared by the API route handlers, the portal forms and the agent worker.

export const LANGUAGES = [
  "multi", "nl", "en", "de", "fr", "es", "it", "pt", "pl", "ru", "ja", "ko", "zh", "ar", "hi",
  "da", "sv", "no", "fi", "cs", "hu", "ro", "bg", "hr", "sk", "tr", "id", "vi",
] as const;

const baseUrl = z
  .string()
  .url("must be a URL")
  .refine((u) => /^(https?|wss?):\/\//.test(u), "must be an http(s) or ws(s) URL")
  .describe("Override the provider's API base URL (self-hosted or compatible servers)");

export const sttProviders = ["deepgram"] as const;
export const sttConfigSchema = z.object({
  provider: z.enum(sttProviders).default("deepgram").describe("Speech-to-text provider"),
  model: z.string().min(1).max(100).default("nova-3-general"),
  language: z.enum(LANGUAGES).default("en"),
  keyterms: z.array(z.string().min(1).max(100)).max(100).default([]),
  endpointing: z.number().int().min(0).max(5000).optional().describe("Silence (ms) that ends an utterance"),
  base_url: baseUrl.optional(),
});

export const llmProviders = ["openai", "openai-compatible", "mistral", "xai"] as const;
export const chatMessageSchema = z.object({
  role: z.enum(["system", "user", "assistant"]),
  content: z.string().max(100_000),
});
export const llmConfigSchema = z
  .object({
    provider: z.enum(llmProviders).default("openai").describe("Language model provider"),
    model: z.string().min(1).max(100).default("gpt-4o-mini"),
    temperature: z.number().min(0).max(2).default(0.7),
    max_tokens: z.number().int().min(1).max(32768).optional(),
    voice: z.string().max(100).optional().describe("Voice for realtime providers"),
    messages: z.array(chatMessageSchema).max(50).default([]),
    tools: toolsSchema.default([]),
    base_url: baseUrl.optional(),
  })
  .refine((c) => c.provider !== "openai-compatible" || !!c.base_url, {
    message: "base_url is required for the openai-compatible provider",
    path: ["base_url"],
  });

export const ttsProviders = ["elevenlabs", "openai"] as const;
export const ttsConfigSchema = z.object({
  provider: z.enum(ttsProviders).default("elevenlabs").describe("Text-to-speech provider"),
  voice_id: z.string().min(1).max(100).default("21m00Tcm4TlvDq8ikWAM"),
  model: z.string().min(1).max(100).default("eleven_flash_v2_5"),
  language: z.enum(LANGUAGES).optional(),
  stability: z.number().min(0).max(1).optional(),
  similarity_boost: z.number().min(0).max(1).optional(),
  style: z.number().min(0).max(1).optional(),
  use_speaker_boost: z.boolean().optional(),
  speed: z.number().min(0.5).max(2).optional(),
  base_url: baseUrl.optional(),
});

export const DEFAULT_SYSTEM_PROMPT =
  "You are a friendly, concise voice assistant. Answer in one or two short sentences.";

export const defaultSttConfig = () => sttConfigSchema.parse({});
export const defaultLlmConfig = () =>
  llmConfigSchema.parse({ messages: [{ role: "system", content: DEFAULT_SYSTEM_PROMPT }] });
export const defaultTtsConfig = () => ttsConfigSchema.parse({});

const analysisPlanSchema = z
  .object({
    structured_data_plan: z
      .object({
        enabled: z.boolean().default(false),
        schema: jsonSchemaField().optional().describe("JSON Schema of the data to extract"),
        messages: z.array(chatMessageSchema).optional().describe("May use {{schema}}, {{transcript}}, {{ended_reason}}"),
        template_id: z.string().uuid("must be a UUID").nullable().optional().describe("An analysis template of the organisation"),
      })
      .refine((p) => !p.enabled || !!p.schema || !!p.template_id, {
        message: "an enabled structured data plan needs a schema or a template_id",
        path: ["schema"],
      })
      .optional(),
    min_messages_threshold: z.number().int().min(0).max(1000).default(2),
  })
  .nullable();

const WEBHOOK_EVENTS = ["assistant-request", "tool-calls", "status-update", "end-of-call-report"] as const;

const assistantFields = {
  name: z.string().trim().min(1, "name is required").max(200).describe("Display name"),
  business_name: z.string().max(200).nullable().optional(),
  notification_email: z.string().email().nullable().optional(),
  first_message: z.string().max(2000).nullable().optional().describe("Spoken when the call starts; empty = wait for the caller"),
  is_active: z.boolean().optional(),
  max_duration_seconds: z.number().int().min(1).max(14_400).nullable().optional(),
  autonomous_silence_handling: z.boolean().optional(),
  silence_timeout_seconds: z.number().int().min(1).max(600).nullable().optional().describe("Seconds of caller silence before a re-prompt (autonomous silence handling)"),
  gdpr_mode: z.boolean().optional().describe("Privacy mode: the call's audio is not recorded"),
  voicemail_detection: z.boolean().optional(),
  voicemail_message: z.string().max(2000).nullable().optional(),
  webhook_url: z.string().url().nullable().optional(),
  webhook_secret: z.string().min(1).max(200).nullable().optional(),
  webhook_events: z.array(z.string()).max(10).optional(),
  analysis_plan: analysisPlanSchema.optional(),
  tool_template_ids: z.array(z.string().uuid("must be a UUID")).max(64).optional().describe("Tool templates whose tools the assistant also gets"),
  stt_config: sttConfigSchema.optional(),
  llm_config: llmConfigSchema.optional(),
  tts_config: ttsConfigSchema.optional(),
};

export const assistantCreateSchema = z.object(assistantFields).strict();
export type AssistantCreateInput = z.input<typeof assistantCreateSchema>;
export type AssistantCreate = z.output<typeof assistantCreateSchema>;

export const assistantUpdateSchema = z
  .object({
    ...assistantFields,
    name: assistantFields.name.optional(),
    stt_config: sttConfigSchema.partial().optional(),
    llm_config: z.record(z.string(), z.unknown()).optional(),
    tts_config: ttsConfigSchema.partial().optional(),
  })
  .strict();
export type AssistantUpdate = z.output<typeof assistantUpdateSchema>;

export const assistantSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  business_name: z.string().nullable(),
  notification_email: z.string().nullable(),
  first_message: z.string().nullable(),
  is_active: z.boolean(),
  max_duration_seconds: z.number().nullable(),
  autonomous_silence_handling: z.boolean(),
  silence_timeout_seconds: z.number().nullable(),
  gdpr_mode: z.boolean(),
  voicemail_detection: z.boolean(),
  voicemail_message: z.string().nullable(),
  webhook_url: z.string().nullable(),
  webhook_secret: z.string().nullable().describe("Masked; the plain secret is never returned"),
  webhook_events: z.array(z.string()),
  analysis_plan: analysisPlanSchema,
  tool_template_ids: z.array(z.string().uuid()),
  stt_config: sttConfigSchema,
  llm_config: llmConfigSchema,
  tts_config: ttsConfigSchema,
  created_at: z.string(),
  updated_at: z.string(),
});
export type Assistant = z.infer<typeof assistantSchema>;

export { WEBHOOK_EVENTS };
