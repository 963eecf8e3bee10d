// One factory per pipeline stage, selected by the assistant's `provider`, and the
// FallbackAdapter wiring when a stage lists `fallbacks` (see fallbacks.ts).
// Key: the organisation's own (BYOK, from the call config), else the worker env's.
// Base URL: the assistant's base_url, else the BYOK key's base_url, else the env default,
// else the provider's own; the platform (env) key is only sent to the platform's URL.
// An unknown provider or model, a missing key or URL is a ProviderConfigError, raised
// before the session starts.
import type { llm as llmTypes, stt as sttTypes, tts as ttsTypes } from "@livekit/agents";
import * as deepgram from "@livekit/agents-plugin-deepgram";
import * as elevenlabs from "@livekit/agents-plugin-elevenlabs";
import * as openai from "@livekit/agents-plugin-openai";
import type { LlmEntry, ProviderKeys, SttEntry, TtsEntry } from "../lib/contract/call-config";
import type { WorkerEnv } from "./env";
import { InworldTTS } from "./inworld-tts";
import { PROVIDER_PUBLIC_URLS } from "../lib/contract/provider-urls";
import { checkModel, defaultModel, providerEntry, type Stage } from "../lib/contract/provider-catalogue";

export type { Stage };

/** The assistant's provider setup cannot work (unknown provider or model, missing key or URL). */
export class ProviderConfigError extends Error {
  override name = "ProviderConfigError";
  constructor(
    readonly stage: Stage,
    readonly provider: string,
    message: string,
  ) {
    super(message);
  }
}

export type ProviderEnv = Pick<
  WorkerEnv,
  | "OPENAI_API_KEY"
  | "DEEPGRAM_API_KEY"
  | "ELEVEN_API_KEY"
  | "MISTRAL_API_KEY"
  | "XAI_API_KEY"
  | "OPENAI_COMPATIBLE_API_KEY"
  | "OPENAI_BASE_URL"
  | "DEEPGRAM_BASE_URL"
  | "ELEVENLABS_BASE_URL"
> &
  Partial<Pick<WorkerEnv, "INWORLD_API_KEY" | "INWORLD_BASE_URL">>;

/** Deepgram's is given as https and turned into the WebSocket URL its plugin needs. */
export const PROVIDER_DEFAULT_URLS = PROVIDER_PUBLIC_URLS;

/** openai-compatible servers often need no key, but the SDK insists on one. */
const PLACEHOLDER_KEY = "not-needed";

const stripSlash = (url: string) => url.replace(/\/+$/, "");

function requireKey(stage: Stage, provider: string, key: string | undefined): string {
  if (!key) throw new ProviderConfigError(stage, provider, `Missing API key for ${provider} (${stage})`);
  return key;
}

/** The organisation's own key for a provider, if the call config carries one. */
const ownKey = (keys: ProviderKeys | null | undefined, provider: string) =>
  keys && Object.hasOwn(keys, provider) ? keys[provider] : undefined;

export interface ResolvedTarget {
  provider: string;
  baseUrl: string;
  apiKey: string;
}

type Own = { api_key: string; base_url?: string } | undefined;

/**
 * Key and URL for one stage. The organisation's own key may go to any URL it chose. The
 * platform's key only ever goes to the platform's endpoint for that provider: a tenant that
 * points an assistant elsewhere must bring its own key, or it could collect the platform's.
 */
function keyedTarget(
  stage: Stage,
  provider: string,
  opts: { configUrl?: string; own: Own; platformUrl: string; platformKey: string | undefined; normalise?: (url: string) => string },
): ResolvedTarget {
  const normalise = (url: string) => (opts.normalise ?? stripSlash)(stripSlash(url));
  if (opts.own) {
    return { provider, baseUrl: normalise(opts.configUrl ?? opts.own.base_url ?? opts.platformUrl), apiKey: opts.own.api_key };
  }
  const platformUrl = normalise(opts.platformUrl);
  if (opts.configUrl && normalise(opts.configUrl) !== platformUrl) {
    throw new ProviderConfigError(stage, provider, `A custom base_url for ${provider} (${stage}) needs the organisation's own ${provider} key (BYOK)`);
  }
  return { provider, baseUrl: platformUrl, apiKey: requireKey(stage, provider, opts.platformKey) };
}

/** A self-hosted OpenAI-compatible server: the tenant's own, so never the platform's OpenAI key. */
function compatibleTarget(stage: Stage, configUrl: string | undefined, env: ProviderEnv, keys?: ProviderKeys | null): ResolvedTarget {
  const provider = "openai-compatible";
  const own = ownKey(keys, provider);
  const baseUrl = configUrl ?? own?.base_url;
  if (!baseUrl) throw new ProviderConfigError(stage, provider, `Missing base_url for ${provider} (${stage})`);
  return { provider, baseUrl: stripSlash(baseUrl), apiKey: own?.api_key ?? env.OPENAI_COMPATIBLE_API_KEY ?? PLACEHOLDER_KEY };
}

const openaiTarget = (stage: Stage, configUrl: string | undefined, env: ProviderEnv, keys?: ProviderKeys | null) =>
  keyedTarget(stage, "openai", {
    configUrl,
    own: ownKey(keys, "openai"),
    platformUrl: env.OPENAI_BASE_URL ?? PROVIDER_DEFAULT_URLS.openai,
    platformKey: env.OPENAI_API_KEY,
  });

const unknownProvider = (stage: Stage, provider: string) =>
  new ProviderConfigError(stage, provider, `Unknown ${stage} provider: ${provider}`);

/** Deepgram's plugin speaks WebSocket and appends /v1/listen itself. */
export function resolveSttTarget(config: SttEntry, env: ProviderEnv, keys?: ProviderKeys | null): ResolvedTarget {
  switch (config.provider) {
    case "deepgram":
      return keyedTarget("stt", "deepgram", {
        configUrl: config.base_url,
        own: ownKey(keys, "deepgram"),
        platformUrl: env.DEEPGRAM_BASE_URL ?? PROVIDER_DEFAULT_URLS.deepgram,
        platformKey: env.DEEPGRAM_API_KEY,
        normalise: (url) => url.replace(/^http/, "ws").replace(/\/v1$/, ""),
      });
    case "openai":
      return openaiTarget("stt", config.base_url, env, keys);
    case "openai-compatible":
      return compatibleTarget("stt", config.base_url, env, keys);
    default:
      throw unknownProvider("stt", config.provider);
  }
}

export function resolveLlmTarget(config: LlmEntry, env: ProviderEnv, keys?: ProviderKeys | null): ResolvedTarget {
  const { provider } = config;
  const target = (platformUrl: string, platformKey: string | undefined) =>
    keyedTarget("llm", provider, { configUrl: config.base_url, own: ownKey(keys, provider), platformUrl, platformKey });
  switch (provider) {
    case "openai":
      return openaiTarget("llm", config.base_url, env, keys);
    case "openai-compatible":
      return compatibleTarget("llm", config.base_url, env, keys);
    case "mistral":
      return target(PROVIDER_DEFAULT_URLS.mistral, env.MISTRAL_API_KEY);
    case "xai":
      return target(PROVIDER_DEFAULT_URLS.xai, env.XAI_API_KEY);
    default:
      throw unknownProvider("llm", provider);
  }
}

export function resolveTtsTarget(config: TtsEntry, env: ProviderEnv, keys?: ProviderKeys | null): ResolvedTarget {
  const { provider } = config;
  const target = (platformUrl: string, platformKey: string | undefined) =>
    keyedTarget("tts", provider, { configUrl: config.base_url, own: ownKey(keys, provider), platformUrl, platformKey });
  switch (provider) {
    case "openai":
      return openaiTarget("tts", config.base_url, env, keys);
    case "openai-compatible":
      return compatibleTarget("tts", config.base_url, env, keys);
    case "elevenlabs":
      return target(env.ELEVENLABS_BASE_URL ?? PROVIDER_DEFAULT_URLS.elevenlabs, env.ELEVEN_API_KEY);
    case "inworld":
      return target(env.INWORLD_BASE_URL ?? PROVIDER_DEFAULT_URLS.inworld, env.INWORLD_API_KEY);
    default:
      throw unknownProvider("tts", provider);
  }
}

/**
 * The model to run: the configured one when its provider offers it. A model of another
 * provider of the same stage (HMS's published example pairs tts "openai" with
 * "eleven_flash_v2_5", and the API accepts it for that reason) runs as the provider's
 * default model instead. Anything else is a ProviderConfigError.
 */
export function modelToRun(stage: Stage, provider: string, model: string | undefined): string {
  const fallback = defaultModel(stage, provider);
  if (model === undefined || model === "") {
    if (fallback) return fallback;
    throw new ProviderConfigError(stage, provider, `Missing model for ${provider} (${stage})`);
  }
  const check = checkModel(stage, provider, model);
  if (check.ok) return model;
  if (check.reason === "foreign_model" && fallback) return fallback;
  if (check.reason === "unknown_provider") throw unknownProvider(stage, provider);
  throw new ProviderConfigError(stage, provider, `Unknown ${stage} model for ${provider}: ${model}`);
}

/** OpenAI's transcription API takes one language or detects it ("multi"). */
const whisperLanguage = (language: string) => (language === "multi" ? { detectLanguage: true } : { language, detectLanguage: false });

export function createStt(config: SttEntry, env: ProviderEnv, keys?: ProviderKeys | null): sttTypes.STT {
  const target = resolveSttTarget(config, env, keys);
  const model = modelToRun("stt", config.provider, config.model);
  if (target.provider === "deepgram") {
    return new deepgram.STT({
      apiKey: target.apiKey,
      baseUrl: target.baseUrl,
      model: model as deepgram.STTModels,
      language: config.language,
      keyterm: config.keyterms,
      ...(config.endpointing !== undefined ? { endpointing: config.endpointing } : {}),
    });
  }
  // The file transcription endpoint (POST /audio/transcriptions), once per utterance: the
  // session (or the FallbackAdapter) wraps it in a VAD-driven stt.StreamAdapter.
  return new openai.STT({
    useRealtime: false,
    model,
    baseURL: target.baseUrl,
    apiKey: target.apiKey,
    ...whisperLanguage(config.language),
    ...(config.keyterms.length > 0 ? { prompt: config.keyterms.join(", ") } : {}),
  });
}

export function createLlm(config: LlmEntry, env: ProviderEnv, keys?: ProviderKeys | null): llmTypes.LLM {
  const target = resolveLlmTarget(config, env, keys);
  return new openai.LLM({
    model: modelToRun("llm", config.provider, config.model),
    baseURL: target.baseUrl,
    apiKey: target.apiKey,
    temperature: config.temperature,
    maxCompletionTokens: config.max_tokens,
  });
}

/** The voice the config names, else the provider's default voice from the catalogue. */
export function voiceToRun(provider: string, voiceId: string | undefined): string {
  const voice = voiceId || providerEntry("tts", provider)?.defaultVoice;
  if (!voice) throw new ProviderConfigError("tts", provider, `Missing voice_id for ${provider} (tts)`);
  return voice;
}

export function createTts(config: TtsEntry, env: ProviderEnv, keys?: ProviderKeys | null): ttsTypes.TTS {
  const target = resolveTtsTarget(config, env, keys);
  const model = modelToRun("tts", config.provider, config.model);
  const voiceId = voiceToRun(config.provider, config.voice_id);
  switch (target.provider) {
    case "openai":
    case "openai-compatible":
      return new openai.TTS({
        baseURL: target.baseUrl,
        apiKey: target.apiKey,
        voice: voiceId as openai.TTSVoices,
        model,
        ...(config.speed !== undefined ? { speed: config.speed } : {}),
      });
    case "inworld":
      return new InworldTTS({ apiKey: target.apiKey, baseURL: target.baseUrl, voiceId, model, ...(config.speed !== undefined ? { speed: config.speed } : {}) });
    default:
      return createElevenLabsTts(config, target, model, voiceId);
  }
}

function createElevenLabsTts(config: TtsEntry, target: ResolvedTarget, model: string, voiceId: string): ttsTypes.TTS {
  const hasVoiceSettings =
    config.stability !== undefined ||
    config.similarity_boost !== undefined ||
    config.style !== undefined ||
    config.speed !== undefined ||
    config.use_speaker_boost !== undefined;
  return new elevenlabs.TTS({
    baseURL: target.baseUrl,
    apiKey: target.apiKey,
    voiceId,
    model: model as elevenlabs.TTSModels,
    ...(config.language ? { language: config.language } : {}),
    ...(hasVoiceSettings
      ? {
          voiceSettings: {
            // ElevenLabs requires both when voice_settings is sent; these are its defaults.
            stability: config.stability ?? 0.5,
            similarity_boost: config.similarity_boost ?? 0.75,
            style: config.style,
            speed: config.speed,
            use_speaker_boost: config.use_speaker_boost,
          },
        }
      : {}),
  });
}

/** The three stages a session runs with (each possibly a FallbackAdapter). */
export interface Providers {
  stt: sttTypes.STT;
  llm: llmTypes.LLM;
  tts: ttsTypes.TTS;
}
