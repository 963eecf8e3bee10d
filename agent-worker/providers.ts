// One factory per pipeline stage, selected by the assistant's `provider`.
// Key: the organisation's own (BYOK, from the call config), else the worker env's.
// Base URL: the assistant's base_url, else the BYOK key's base_url, else the env default,
// else the provider's own; the platform (env) key is only sent to the platform's URL.
// A missing key or unknown provider is a ProviderConfigError.
import type { llm as llmTypes, stt as sttTypes, tts as ttsTypes } from "@livekit/agents";
import * as deepgram from "@livekit/agents-plugin-deepgram";
import * as elevenlabs from "@livekit/agents-plugin-elevenlabs";
import * as openai from "@livekit/agents-plugin-openai";
import type { LlmConfig, ProviderKeys, SttConfig, TtsConfig } from "./call-config";
import type { WorkerEnv } from "./env";
import { PROVIDER_PUBLIC_URLS } from "../lib/providers/public-urls";

export type Stage = "stt" | "llm" | "tts";

/** The assistant's provider setup cannot work (unknown provider, missing key or URL). */
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
>;

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

/** Deepgram's plugin speaks WebSocket and appends /v1/listen itself. */
export function resolveSttTarget(config: SttConfig, env: ProviderEnv, keys?: ProviderKeys | null): ResolvedTarget {
  if (config.provider !== "deepgram") {
    throw new ProviderConfigError("stt", config.provider, `Unknown stt provider: ${config.provider}`);
  }
  return keyedTarget("stt", "deepgram", {
    configUrl: config.base_url,
    own: ownKey(keys, "deepgram"),
    platformUrl: env.DEEPGRAM_BASE_URL ?? PROVIDER_DEFAULT_URLS.deepgram,
    platformKey: env.DEEPGRAM_API_KEY,
    normalise: (url) => url.replace(/^http/, "ws").replace(/\/v1$/, ""),
  });
}

export function resolveLlmTarget(config: LlmConfig, env: ProviderEnv, keys?: ProviderKeys | null): ResolvedTarget {
  const { provider } = config;
  const own = ownKey(keys, provider);
  const target = (platformUrl: string, platformKey: string | undefined) =>
    keyedTarget("llm", provider, { configUrl: config.base_url, own, platformUrl, platformKey });
  switch (provider) {
    case "openai":
      return target(env.OPENAI_BASE_URL ?? PROVIDER_DEFAULT_URLS.openai, env.OPENAI_API_KEY);
    case "openai-compatible": {
      // The tenant's own server: never the platform's OpenAI key.
      const baseUrl = config.base_url ?? own?.base_url;
      if (!baseUrl) {
        throw new ProviderConfigError("llm", provider, `Missing base_url for ${provider} (llm)`);
      }
      return { provider, baseUrl: stripSlash(baseUrl), apiKey: own?.api_key ?? env.OPENAI_COMPATIBLE_API_KEY ?? PLACEHOLDER_KEY };
    }
    case "mistral":
      return target(PROVIDER_DEFAULT_URLS.mistral, env.MISTRAL_API_KEY);
    case "xai":
      return target(PROVIDER_DEFAULT_URLS.xai, env.XAI_API_KEY);
    default:
      throw new ProviderConfigError("llm", provider, `Unknown llm provider: ${provider}`);
  }
}

export function resolveTtsTarget(config: TtsConfig, env: ProviderEnv, keys?: ProviderKeys | null): ResolvedTarget {
  const { provider } = config;
  const target = (platformUrl: string, platformKey: string | undefined) =>
    keyedTarget("tts", provider, { configUrl: config.base_url, own: ownKey(keys, provider), platformUrl, platformKey });
  switch (provider) {
    case "openai":
      return target(env.OPENAI_BASE_URL ?? PROVIDER_DEFAULT_URLS.openai, env.OPENAI_API_KEY);
    case "elevenlabs":
      return target(env.ELEVENLABS_BASE_URL ?? PROVIDER_DEFAULT_URLS.elevenlabs, env.ELEVEN_API_KEY);
    default:
      throw new ProviderConfigError("tts", provider, `Unknown tts provider: ${provider}`);
  }
}

export function createStt(config: SttConfig, env: ProviderEnv, keys?: ProviderKeys | null): sttTypes.STT {
  const target = resolveSttTarget(config, env, keys);
  return new deepgram.STT({
    apiKey: target.apiKey,
    baseUrl: target.baseUrl,
    model: config.model,
    language: config.language,
    keyterm: config.keyterms,
    ...(config.endpointing !== undefined ? { endpointing: config.endpointing } : {}),
  });
}

export function createLlm(config: LlmConfig, env: ProviderEnv, keys?: ProviderKeys | null): llmTypes.LLM {
  const target = resolveLlmTarget(config, env, keys);
  return new openai.LLM({
    model: config.model,
    baseURL: target.baseUrl,
    apiKey: target.apiKey,
    temperature: config.temperature,
    maxCompletionTokens: config.max_tokens,
  });
}

export function createTts(config: TtsConfig, env: ProviderEnv, keys?: ProviderKeys | null): ttsTypes.TTS {
  const target = resolveTtsTarget(config, env, keys);
  if (target.provider === "openai") {
    return new openai.TTS({
      baseURL: target.baseUrl,
      apiKey: target.apiKey,
      voice: config.voice_id as openai.TTSVoices,
      ...(config.model ? { model: config.model } : {}),
      ...(config.speed !== undefined ? { speed: config.speed } : {}),
    });
  }
  const hasVoiceSettings = config.stability !== undefined || config.similarity_boost !== undefined;
  return new elevenlabs.TTS({
    baseURL: target.baseUrl,
    apiKey: target.apiKey,
    voiceId: config.voice_id,
    ...(config.model ? { model: config.model } : {}),
    ...(config.language ? { language: config.language } : {}),
    ...(hasVoiceSettings || config.speed !== undefined || config.style !== undefined
      ? {
          voiceSettings: {
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

export interface Providers {
  stt: sttTypes.STT;
  llm: llmTypes.LLM;
  tts: ttsTypes.TTS;
}

/** Builds all three stages, failing on the first misconfigured one (STT, then LLM, then TTS). */
export function createProviders(
  config: { stt_config: SttConfig; llm_config: LlmConfig; tts_config: TtsConfig },
  env: ProviderEnv,
  keys?: ProviderKeys | null,
): Providers {
  return {
    stt: createStt(config.stt_config, env, keys),
    llm: createLlm(config.llm_config, env, keys),
    tts: createTts(config.tts_config, env, keys),
  };
}
