import { z } from "zod";
import { jsonSchemaField } from "@/lib/schemas/json-schema";
import { toolsSchema } from "@/lib/schemas/tools";
import {
  checkModel,
  defaultModel,
  llmProviders,
  providerEntry,
  sttProviders,
  ttsProviders,
  type Stage,
} from "@/lib/contract/provider-catalogue";
import { ASSISTANT_DEFAULTS, DEFAULT_LLM_MODEL, DEFAULT_STT_MODEL, DEFAULT_TTS_MODEL, DEFAULT_VOICE_ID, SPEECH_DEFAULTS } from "@/lib/contract/defaults";
import { LANGUAGES, languageSchema } from "@/lib/contract/languages";

// The assistant contract (HMS Sovereign compatible, snake_case on the wire).
// Shared by the API route handlers, the portal forms and the agent worker.

export { LANGUAGES, ASSISTANT_DEFAULTS };

// Field schemas every stage shares are one instance each, so the OpenAPI document states
// them once (lib/openapi/components.ts) instead of in every config and fallback form.
export const baseUrlSchema = z
  .string()
  .url("must be a URL")
  .refine((u) => /^(https?|wss?):\/\//.test(u), "must be an http(s) or ws(s) URL")
  .describe("Override the provider's API base URL (self-hosted or compatible servers)");
export const providerModelSchema = z.string().min(1).max(100).describe("Model of the provider; defaults to the provider's first catalogued model");
export const sttProviderSchema = z.enum(sttProviders).describe("Speech-to-text provider");
export const llmProviderSchema = z.enum(llmProviders).describe("Language model provider");
export const ttsProviderSchema = z.enum(ttsProviders).describe("Text-to-speech provider");

// Providers, their models and defaults live in the catalogue (lib/contract/provider-catalogue.ts).
export { llmProviders, sttProviders, ttsProviders };

/**
 * Checks a stage config against the provider catalogue: a known provider offering the model,
 * a base_url where the provider has no public endpoint. A model of another provider of the
 * same stage is let through: HMS's own published example pairs tts provider "openai" with
 * "eleven_flash_v2_5"; the worker then uses the provider's default model (docs/api-decisions.md).
 */
function checkStage(stage: Stage, c: { provider: string; model?: string; base_url?: string }, ctx: z.RefinementCtx) {
  const entry = providerEntry(stage, c.provider);
  if (!entry) return; // the provider enum has already reported it
  if (entry.requiresBaseUrl && !c.base_url) {
    ctx.addIssue({ code: "custom", path: ["base_url"], message: `base_url is required for the ${c.provider} provider` });
  }
  if (c.model === undefined) {
    if (!defaultModel(stage, c.provider)) ctx.addIssue({ code: "custom", path: ["model"], message: `model is required for the ${c.provider} provider` });
    return;
  }
  const check = checkModel(stage, c.provider, c.model);
  if (!check.ok && check.reason !== "foreign_model") ctx.addIssue({ code: "custom", path: ["model"], message: check.message });
}

/** Fills the provider's default model (and voice) when a config names none. */
const withDefaults =
  (stage: Stage) =>
  <T extends { provider: string; model?: string; voice_id?: string }>(c: T) => {
    const model = c.model ?? defaultModel(stage, c.provider) ?? "";
    if (stage !== "tts") return { ...c, model };
    return { ...c, model, voice_id: c.voice_id ?? providerEntry("tts", c.provider)?.defaultVoice ?? "" };
  };

const MAX_FALLBACKS = 3;
const fallbacksField = <T extends z.ZodType>(entry: T, stage: Stage) =>
  z
    .array(entry)
    .max(MAX_FALLBACKS)
    .optional()
    .describe(`Alternative ${stage.toUpperCase()} providers, tried in order when the one in use fails or times out (max ${MAX_FALLBACKS})`);

const sttFields = {
  provider: sttProviderSchema.default(ASSISTANT_DEFAULTS.stt.provider),
  model: providerModelSchema.optional(),
  language: languageSchema.default(ASSISTANT_DEFAULTS.stt.language),
  keyterms: z.array(z.string().min(1).max(100)).max(100).default([]),
  endpointing: z.number().int().min(0).max(5000).optional().describe("Silence (ms) that ends an utterance"),
  base_url: baseUrlSchema.optional(),
};
const sttEntrySchema = z
  .object(sttFields)
  .superRefine((c, ctx) => checkStage("stt", c, ctx))
  .transform(withDefaults("stt"));
/** The stored / answered shape: no catalogue check, so an older assistant still reads back. */
export const storedSttConfigSchema = z.object({
  ...sttFields,
  model: z.string().min(1).max(100).default(DEFAULT_STT_MODEL),
  fallbacks: z.array(z.object({ ...sttFields, model: z.string() })).optional(),
});
export const sttConfigSchema = z
  .object({ ...sttFields, fallbacks: fallbacksField(sttEntrySchema, "stt") })
  .superRefine((c, ctx) => checkStage("stt", c, ctx))
  .transform(withDefaults("stt"));
/** For PATCH bodies: every field optional, checked after merging into the stored config. */
export const sttConfigPatchSchema = z.object({ ...sttFields, fallbacks: z.array(z.unknown()).max(MAX_FALLBACKS) }).partial();

export const chatMessageSchema = z.object({
  role: z.enum(["system", "user", "assistant"]),
  content: z.string().max(100_000),
});
// What an LLM fallback may change: the model and how it is called. The prompt and tools
// are the primary's.
const llmModelFields = {
  provider: llmProviderSchema.default(ASSISTANT_DEFAULTS.llm.provider),
  model: providerModelSchema.optional(),
  temperature: z.number().min(0).max(2).default(ASSISTANT_DEFAULTS.llm.temperature),
  max_tokens: z.number().int().min(1).max(32768).optional().describe("Sent as max_completion_tokens"),
  base_url: baseUrlSchema.optional(),
};
const llmEntrySchema = z
  .object(llmModelFields)
  .superRefine((c, ctx) => checkStage("llm", c, ctx))
  .transform(withDefaults("llm"));
const llmFields = {
  ...llmModelFields,
  voice: z.string().max(100).optional().describe("Voice for realtime providers"),
  messages: z.array(chatMessageSchema).max(50).default([]),
  tools: toolsSchema.default([]),
};
export const storedLlmConfigSchema = z.object({
  ...llmFields,
  model: z.string().min(1).max(100).default(DEFAULT_LLM_MODEL),
  fallbacks: z.array(z.object({ ...llmModelFields, model: z.string() })).optional(),
});
export const llmConfigSchema = z
  .object({ ...llmFields, fallbacks: fallbacksField(llmEntrySchema, "llm") })
  .superRefine((c, ctx) => checkStage("llm", c, ctx))
  .transform(withDefaults("llm"));

const ttsFields = {
  provider: ttsProviderSchema.default(ASSISTANT_DEFAULTS.tts.provider),
  voice_id: z.string().min(1).max(100).optional().describe("Voice of the provider; defaults to the provider's first catalogued voice"),
  model: providerModelSchema.optional(),
  language: languageSchema.optional(),
  stability: z.number().min(0).max(1).optional(),
  similarity_boost: z.number().min(0).max(1).optional(),
  style: z.number().min(0).max(1).optional(),
  use_speaker_boost: z.boolean().optional(),
  speed: z.number().min(0.5).max(2).optional(),
  base_url: baseUrlSchema.optional(),
};
function checkVoice(c: { provider: string; voice_id?: string }, ctx: z.RefinementCtx) {
  if (c.voice_id === undefined && providerEntry("tts", c.provider) && !providerEntry("tts", c.provider)?.defaultVoice) {
    ctx.addIssue({ code: "custom", path: ["voice_id"], message: `voice_id is required for the ${c.provider} provider` });
  }
}
const ttsEntrySchema = z
  .object(ttsFields)
  .superRefine((c, ctx) => {
    checkStage("tts", c, ctx);
    checkVoice(c, ctx);
  })
  .transform(withDefaults("tts"));
export const storedTtsConfigSchema = z.object({
  ...ttsFields,
  voice_id: z.string().min(1).max(100).default(DEFAULT_VOICE_ID),
  model: z.string().min(1).max(100).default(DEFAULT_TTS_MODEL),
  fallbacks: z.array(z.object({ ...ttsFields, voice_id: z.string(), model: z.string() })).optional(),
});
export const ttsConfigSchema = z
  .object({ ...ttsFields, fallbacks: fallbacksField(ttsEntrySchema, "tts") })
  .superRefine((c, ctx) => {
    checkStage("tts", c, ctx);
    checkVoice(c, ctx);
  })
  .transform(withDefaults("tts"));
export const ttsConfigPatchSchema = z.object({ ...ttsFields, fallbacks: z.array(z.unknown()).max(MAX_FALLBACKS) }).partial();

export const DEFAULT_SYSTEM_PROMPT = ASSISTANT_DEFAULTS.system_prompt;

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

// Conversation dynamics (HMS speech_config). Times are in seconds; unset keys use the
// defaults given in the descriptions (the worker applies them). {{variables}} work in texts.
const seconds = (min: number, max: number) => z.number().min(min, `must be at least ${min} s`).max(max, `must be at most ${max} s`);
export const speechConfigSchema = z
  .object({
    turn_taking: z
      .object({
        endpointing_min_delay: seconds(0.1, 5).optional().describe("Least silence (s) before the caller's turn ends (default 0.5)"),
        endpointing_max_delay: seconds(0.1, 5).optional().describe("Longest wait (s) for the end of the caller's turn (default 3)"),
        allow_interruptions: z.boolean().optional().describe("Whether the caller can interrupt the assistant (default true)"),
        interruption_min_duration: seconds(0.05, 2).optional().describe("Speech (s) needed to interrupt the assistant (default 0.5)"),
        interruption_min_words: z.number().int().min(0).max(10).optional().describe("Words needed to interrupt the assistant (default 0)"),
        false_interruption_timeout: seconds(0.2, 5)
          .nullable()
          .optional()
          .describe("After a false interruption, resume the assistant's speech after this many seconds (default 2); null: never resume"),
      })
      .refine((t) => t.endpointing_min_delay === undefined || t.endpointing_max_delay === undefined || t.endpointing_min_delay <= t.endpointing_max_delay, {
        message: "endpointing_min_delay must not exceed endpointing_max_delay",
        path: ["endpointing_min_delay"],
      })
      .optional(),
    pronunciation: z
      .array(z.object({ from: z.string().min(1).max(64), to: z.string().max(128) }))
      .max(50)
      .optional()
      .describe("Words the voice should say differently (stored; not applied yet)"),
    background_audio: z
      .object({
        enabled: z.boolean().default(false),
        clip: z.enum(["office", "city", "forest", "crowded_room"]).default("office"),
        volume: z.number().min(0.05).max(1).default(0.3),
      })
      .optional()
      .describe("Stored; not played yet"),
    silence: z
      .object({
        messages: z.array(z.string().trim().min(1).max(300)).max(5).optional().describe(`Re-prompts, in turn (default: ${SPEECH_DEFAULTS.silence.messages.map((m) => `"${m}"`).join(", ")})`),
        final_message: z.string().trim().max(300).optional().describe(`Said before hanging up after the last re-prompt (default: "${SPEECH_DEFAULTS.silence.final_message}")`),
        first_check_seconds: seconds(1, 60).optional().describe(`Silence (s) before the first re-prompt (default: silence_timeout_seconds, else ${SPEECH_DEFAULTS.silence.first_check_seconds})`),
        interval_seconds: seconds(3, 120).optional().describe(`Silence (s) between re-prompts (default ${SPEECH_DEFAULTS.silence.interval_seconds})`),
        max_attempts: z.number().int().min(1).max(10).optional().describe(`Unanswered re-prompts before hanging up (default ${SPEECH_DEFAULTS.silence.max_attempts})`),
      })
      .optional()
      .describe("Used when autonomous_silence_handling is on"),
    end_call_message: z.string().trim().max(300).optional().describe(`Said before the assistant hangs up (end_call tool, maximum duration; default: "${SPEECH_DEFAULTS.max_duration_message}" at the maximum duration, "${SPEECH_DEFAULTS.goodbye}" from the end_call tool)`),
    first_message_outbound: z.string().trim().max(300).optional().describe("Greeting for outbound calls instead of first_message"),
    end_call_phrases: z.array(z.string().trim().min(1).max(100)).max(5).optional().describe("Stored; not acted on yet"),
  })
  .describe("Conversation dynamics: turn taking, silence handling, goodbyes");
export type SpeechConfig = z.output<typeof speechConfigSchema>;

const WEBHOOK_EVENTS = ["assistant-request", "tool-calls", "status-update", "end-of-call-report"] as const;

const assistantFields = {
  name: z.string().trim().min(1, "name is required").max(200).describe("Display name"),
  business_name: z.string().max(200).nullable().optional(),
  notification_email: z.string().email().nullable().optional(),
  first_message: z.string().max(2000).nullable().optional().describe(`Spoken when the call starts; empty = wait for the caller (default "${ASSISTANT_DEFAULTS.first_message}")`),
  is_active: z.boolean().optional(),
  max_duration_seconds: z.number().int().min(1).max(14_400).nullable().optional().describe(`Longest call in seconds; null = unlimited (default ${ASSISTANT_DEFAULTS.max_duration_seconds})`),
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
  speech_config: speechConfigSchema.nullable().optional(),
};

export const assistantCreateSchema = z.object(assistantFields).strict();
export type AssistantCreateInput = z.input<typeof assistantCreateSchema>;
export type AssistantCreate = z.output<typeof assistantCreateSchema>;

export const assistantUpdateSchema = z
  .object({
    ...assistantFields,
    name: assistantFields.name.optional(),
    stt_config: sttConfigPatchSchema.optional(),
    llm_config: z.record(z.string(), z.unknown()).optional(),
    tts_config: ttsConfigPatchSchema.optional(),
    // Replaces the stored block as a whole (it is all optional settings); null resets it.
    speech_config: z.record(z.string(), z.unknown()).nullable().optional(),
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
  stt_config: storedSttConfigSchema,
  llm_config: storedLlmConfigSchema,
  tts_config: storedTtsConfigSchema,
  speech_config: speechConfigSchema,
  created_at: z.string(),
  updated_at: z.string(),
});
export type Assistant = z.infer<typeof assistantSchema>;

export { WEBHOOK_EVENTS };
