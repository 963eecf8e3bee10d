// Provider stage configs as the app serves them (every field present, unset ones undefined),
// for tests: the defaults below with the test's fields over them.
import type { LlmConfig, SttConfig, TtsConfig } from "../../lib/contract/call-config";

export const sttConfig = (over: Partial<SttConfig> = {}): SttConfig => ({
  provider: "deepgram",
  model: "nova-3",
  language: "en",
  keyterms: [],
  endpointing: undefined,
  base_url: undefined,
  ...over,
});

export const llmConfig = (over: Partial<LlmConfig> = {}): LlmConfig => ({
  provider: "openai",
  model: "gpt-4o-mini",
  temperature: undefined,
  max_tokens: undefined,
  messages: [],
  base_url: undefined,
  ...over,
});

export const ttsConfig = (over: Partial<TtsConfig> = {}): TtsConfig => ({
  provider: "openai",
  voice_id: "alloy",
  model: undefined,
  language: undefined,
  stability: undefined,
  similarity_boost: undefined,
  style: undefined,
  use_speaker_boost: undefined,
  speed: undefined,
  base_url: undefined,
  ...over,
});
