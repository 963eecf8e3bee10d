import { z } from "zod";
import { languageSchema } from "@/lib/contract/languages";

export const VOICE_PROVIDERS = ["elevenlabs", "openai", "inworld"] as const;
export type VoiceProvider = (typeof VOICE_PROVIDERS)[number];

export const voiceSchema = z.object({
  id: z.string().describe("Use as tts_config.voice_id"),
  name: z.string(),
  provider: z.enum(VOICE_PROVIDERS),
  language: languageSchema.describe("The voice's native language; multilingual models can speak others"),
  gender: z.enum(["female", "male", "neutral"]).optional(),
  accent: z.string().optional(),
  description: z.object({ en: z.string(), nl: z.string() }).optional().describe("HMS's form: the voice's character in English and Dutch"),
  description_text: z.string().optional().describe("The English description as plain text"),
  preview_available: z.boolean().describe("Whether a preview clip can be played (none are hosted yet)"),
});
export type Voice = z.infer<typeof voiceSchema>;

export const voiceListQuerySchema = z.object({
  provider: z.enum(VOICE_PROVIDERS).optional().describe("Only this provider's voices"),
  language: languageSchema.optional().describe("Only voices whose native language this is"),
});

export const voiceListSchema = z.object({ voices: z.array(voiceSchema) });
