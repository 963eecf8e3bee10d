// The providers of each pipeline stage and the models each offers. The API rejects a model
// its provider does not offer (422 on `<stage>_config.model`) and the agent worker checks
// again before a call starts, so a typo never surfaces mid-call; both take a stage's default
// model and voice from here. `openai-compatible`
// servers (vLLM, Ollama, LocalAI, Speaches, Kokoro…) run whatever they were started with:
// any model name goes, and they need a base_url.

export const STAGES = ["stt", "llm", "tts"] as const;
export type Stage = (typeof STAGES)[number];

export interface ProviderEntry {
  /** Models offered; empty with `anyModel`. The first is the default. */
  models: readonly string[];
  /** Any model name is accepted (self-hosted servers). */
  anyModel?: boolean;
  /** The provider has no public endpoint: base_url is required. */
  requiresBaseUrl?: boolean;
  /** Voice used when tts_config.voice_id is left out (TTS only). */
  defaultVoice?: string;
}

export const PROVIDER_CATALOGUE = {
  stt: {
    deepgram: {
      models: [
        "nova-3-general", "nova-3", "nova-3-medical",
        "nova-2-general", "nova-2", "nova-2-phonecall", "nova-2-meeting", "nova-2-conversationalai",
        "nova-2-voicemail", "nova-2-finance", "nova-2-video", "nova-2-medical", "nova-2-drivethru", "nova-2-automotive",
      ],
    },
    // OpenAI's file transcription endpoint (POST /audio/transcriptions), run per utterance.
    openai: { models: ["gpt-4o-mini-transcribe", "gpt-4o-transcribe", "whisper-1"] },
    "openai-compatible": { models: [], anyModel: true, requiresBaseUrl: true },
  },
  llm: {
    openai: {
      models: [
        "gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "gpt-4.1", "gpt-4.1-nano",
        "gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-5.1", "gpt-5.1-chat-latest", "gpt-5-chat-latest",
      ],
    },
    mistral: {
      models: [
        "mistral-small-latest", "mistral-medium-latest", "mistral-large-latest",
        "ministral-8b-latest", "ministral-3b-latest", "open-mistral-nemo", "magistral-small-latest", "magistral-medium-latest",
      ],
    },
    xai: {
      models: [
        "grok-4-1-fast-non-reasoning", "grok-4-1-fast-reasoning", "grok-4-fast-non-reasoning", "grok-4-fast-reasoning",
        "grok-4", "grok-3", "grok-3-mini",
      ],
    },
    "openai-compatible": { models: ["llama-3.1-8b-instruct", "qwen2.5-7b-instruct"], anyModel: true, requiresBaseUrl: true },
  },
  tts: {
    elevenlabs: {
      models: ["eleven_flash_v2_5", "eleven_turbo_v2_5", "eleven_multilingual_v2", "eleven_flash_v2", "eleven_turbo_v2", "eleven_v3"],
      defaultVoice: "21m00Tcm4TlvDq8ikWAM",
    },
    openai: { models: ["gpt-4o-mini-tts", "tts-1", "tts-1-hd"], defaultVoice: "alloy" },
    inworld: { models: ["inworld-tts-1.5-mini", "inworld-tts-1.5-max", "inworld-tts-1", "inworld-tts-1-max"], defaultVoice: "Ashley" },
    "openai-compatible": { models: [], anyModel: true, requiresBaseUrl: true },
  },
} as const satisfies Record<Stage, Record<string, ProviderEntry>>;

export const sttProviders = ["deepgram", "openai", "openai-compatible"] as const;
export const llmProviders = ["openai", "openai-compatible", "mistral", "xai"] as const;
export const ttsProviders = ["elevenlabs", "openai", "inworld", "openai-compatible"] as const;
export const STAGE_PROVIDERS: Record<Stage, readonly string[]> = { stt: sttProviders, llm: llmProviders, tts: ttsProviders };

export function providerEntry(stage: Stage, provider: string): ProviderEntry | undefined {
  const entries: Record<string, ProviderEntry> = PROVIDER_CATALOGUE[stage];
  return Object.hasOwn(entries, provider) ? entries[provider] : undefined;
}

/** The model used when a config names none; undefined when the provider has no default. */
export function defaultModel(stage: Stage, provider: string): string | undefined {
  const entry = providerEntry(stage, provider);
  return entry?.anyModel ? undefined : entry?.models[0];
}

// Dated snapshots of a catalogued model ("gpt-4o-mini-2024-07-18") are the same model.
const SNAPSHOT_SUFFIX = /-\d{4}-\d{2}-\d{2}$/;

export type ModelCheck =
  | { ok: true }
  /** The provider does not offer it, but another provider of the stage does (see isForeignModel). */
  | { ok: false; reason: "unknown_provider" | "unknown_model" | "foreign_model"; message: string };

/** Whether `provider` offers `model` for `stage`. */
export function checkModel(stage: Stage, provider: string, model: string): ModelCheck {
  const entry = providerEntry(stage, provider);
  if (!entry) {
    return { ok: false, reason: "unknown_provider", message: `unknown ${stage} provider "${provider}"; expected one of ${STAGE_PROVIDERS[stage].join(", ")}` };
  }
  if (entry.anyModel || entry.models.includes(model) || entry.models.includes(model.replace(SNAPSHOT_SUFFIX, ""))) return { ok: true };
  const owner = STAGE_PROVIDERS[stage].find((p) => p !== provider && providerEntry(stage, p)?.models.includes(model));
  if (owner) {
    return { ok: false, reason: "foreign_model", message: `"${model}" is a ${owner} model, not a ${provider} one` };
  }
  return { ok: false, reason: "unknown_model", message: `unknown ${provider} ${stage} model "${model}"; expected one of ${entry.models.join(", ")}` };
}
