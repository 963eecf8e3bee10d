import { VOICES } from "@/lib/voices/catalogue";
import { PROVIDER_CATALOGUE, type Stage } from "@/lib/contract/provider-catalogue";

// The catalogue itself is part of the app ↔ worker contract (lib/contract/provider-catalogue.ts);
// this module adds what only the portal's pickers need.
export * from "@/lib/contract/provider-catalogue";

// Models and voices offered in the portal's pickers.
const modelsOf = (stage: Stage): Record<string, string[]> =>
  Object.fromEntries(Object.entries(PROVIDER_CATALOGUE[stage]).map(([provider, entry]) => [provider, [...entry.models]]));
export const sttModels = modelsOf("stt");
export const llmModels = modelsOf("llm");
export const ttsModels = modelsOf("tts");

// Derived from the voice catalogue (lib/voices/catalogue.ts), the one list of voices.
export const ttsVoices: Record<string, { id: string; name: string }[]> = {};
for (const voice of VOICES) (ttsVoices[voice.provider] ??= []).push({ id: voice.id, name: voice.name });
