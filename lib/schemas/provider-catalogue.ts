import { VOICES } from "@/lib/voices/catalogue";

// Models and voices offered in the portal's pickers (free text is accepted too).
export const sttModels: Record<string, string[]> = {
  deepgram: ["nova-3-general", "nova-3", "nova-2-general"],
};

export const llmModels: Record<string, string[]> = {
  openai: ["gpt-4o-mini", "gpt-4.1-mini", "gpt-4.1", "gpt-5"],
  "openai-compatible": ["llama-3.1-8b-instruct", "qwen2.5-7b-instruct"],
  mistral: ["mistral-small-latest", "mistral-medium-latest", "mistral-large-latest"],
  xai: ["grok-4-1-fast-non-reasoning"],
};

export const ttsModels: Record<string, string[]> = {
  elevenlabs: ["eleven_flash_v2_5", "eleven_turbo_v2_5", "eleven_multilingual_v2", "eleven_v3"],
  openai: ["gpt-4o-mini-tts", "tts-1", "tts-1-hd"],
};

// Derived from the voice catalogue (lib/voices/catalogue.ts), the one list of voices.
export const ttsVoices: Record<string, { id: string; name: string }[]> = {};
for (const voice of VOICES) (ttsVoices[voice.provider] ??= []).push({ id: voice.id, name: voice.name });
