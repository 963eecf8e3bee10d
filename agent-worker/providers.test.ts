import { initializeLogger } from "@livekit/agents";
import * as deepgram from "@livekit/agents-plugin-deepgram";
import * as elevenlabs from "@livekit/agents-plugin-elevenlabs";
import * as openai from "@livekit/agents-plugin-openai";
import { llm as llmNs, stt as sttNs, tts as ttsNs } from "@livekit/agents";
import { describe, expect, it } from "vitest";
import { createProviders } from "./fallbacks";
import { InworldTTS } from "./inworld-tts";
import { llmConfig as llm, sttConfig as stt, ttsConfig as tts } from "./testing/provider-configs";
import {
  createLlm,
  createStt,
  createTts,
  PROVIDER_DEFAULT_URLS,
  ProviderConfigError,
  resolveLlmTarget,
  resolveSttTarget,
  resolveTtsTarget,
  modelToRun,
  type ProviderEnv,
} from "./providers";

initializeLogger({ pretty: false, level: "error" });

const keys: ProviderEnv = {
  OPENAI_API_KEY: "sk-openai",
  DEEPGRAM_API_KEY: "dg-key",
  ELEVEN_API_KEY: "el-key",
  MISTRAL_API_KEY: "mistral-key",
  XAI_API_KEY: "xai-key",
  OPENAI_COMPATIBLE_API_KEY: undefined,
  OPENAI_BASE_URL: undefined,
  DEEPGRAM_BASE_URL: undefined,
  ELEVENLABS_BASE_URL: undefined,
};

function configError(fn: () => unknown): ProviderConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProviderConfigError) return error;
    throw error;
  }
  throw new Error("expected a ProviderConfigError");
}

describe("provider selection", () => {
  it("builds the plugin for each stage's provider", () => {
    const providers = createProviders({ stt_config: stt(), llm_config: llm(), tts_config: tts() }, keys);
    expect(providers.stt).toBeInstanceOf(deepgram.STT);
    expect(providers.llm).toBeInstanceOf(openai.LLM);
    expect(providers.tts).toBeInstanceOf(openai.TTS);
    expect(createTts(tts({ provider: "elevenlabs", voice_id: "voice-1", stability: 0.4 }), keys)).toBeInstanceOf(elevenlabs.TTS);
  });

  it("runs mistral, xai and openai-compatible LLMs through the OpenAI plugin against their own hosts", () => {
    expect(resolveLlmTarget(llm({ provider: "mistral" }), keys)).toEqual({
      provider: "mistral",
      baseUrl: PROVIDER_DEFAULT_URLS.mistral,
      apiKey: "mistral-key",
    });
    expect(resolveLlmTarget(llm({ provider: "xai" }), keys)).toEqual({ provider: "xai", baseUrl: "https://api.x.ai/v1", apiKey: "xai-key" });
    const compatible = resolveLlmTarget(llm({ provider: "openai-compatible", base_url: "http://127.0.0.1:11434/v1/" }), keys);
    expect(compatible.baseUrl).toBe("http://127.0.0.1:11434/v1");
    // The OpenAI key never goes to another host.
    expect(compatible.apiKey).not.toBe(keys.OPENAI_API_KEY);
    expect(
      resolveLlmTarget(llm({ provider: "openai-compatible", base_url: "http://h/v1" }), { ...keys, OPENAI_COMPATIBLE_API_KEY: "own" }).apiKey,
    ).toBe("own");
    expect(createLlm(llm({ provider: "xai", model: "grok-3" }), keys)).toBeInstanceOf(openai.LLM);
  });
});

describe("base URL precedence", () => {
  const env = { ...keys, OPENAI_BASE_URL: "http://env-openai/v1", DEEPGRAM_BASE_URL: "http://env-deepgram", ELEVENLABS_BASE_URL: "http://env-el/v1" };

  it("uses the env default, then the provider default, for the platform's keys", () => {
    expect(resolveLlmTarget(llm(), env).baseUrl).toBe("http://env-openai/v1");
    expect(resolveLlmTarget(llm(), keys).baseUrl).toBe(PROVIDER_DEFAULT_URLS.openai);
    expect(resolveTtsTarget(tts(), env).baseUrl).toBe("http://env-openai/v1");
    expect(resolveTtsTarget(tts({ provider: "elevenlabs" }), env).baseUrl).toBe("http://env-el/v1");
    expect(resolveTtsTarget(tts({ provider: "elevenlabs" }), keys).baseUrl).toBe(PROVIDER_DEFAULT_URLS.elevenlabs);
    // An assistant may name the platform's own URL explicitly.
    expect(resolveLlmTarget(llm({ base_url: "http://env-openai/v1/" }), env).baseUrl).toBe("http://env-openai/v1");
  });

  it("never sends the platform's key to a base_url the assistant chose", () => {
    for (const resolve of [
      () => resolveLlmTarget(llm({ base_url: "http://collector.example/v1" }), env),
      () => resolveTtsTarget(tts({ base_url: "http://collector.example/v1" }), env),
      () => resolveTtsTarget(tts({ provider: "elevenlabs", base_url: "http://collector.example/v1" }), env),
      () => resolveSttTarget(stt({ base_url: "wss://collector.example" }), env),
      () => resolveLlmTarget(llm({ provider: "mistral", base_url: "http://collector.example/v1" }), env),
    ]) {
      expect(resolve).toThrow(ProviderConfigError);
      expect(resolve).toThrow(/needs the organisation's own \w+ key \(BYOK\)/);
    }
  });

  it("sends the organisation's own key to the base_url the assistant chose", () => {
    const own = { openai: { api_key: "sk-org" }, deepgram: { api_key: "dg-org" } };
    expect(resolveLlmTarget(llm({ base_url: "http://config/v1" }), env, own)).toMatchObject({ baseUrl: "http://config/v1", apiKey: "sk-org" });
    expect(resolveTtsTarget(tts({ base_url: "http://config/v1" }), env, own)).toMatchObject({ baseUrl: "http://config/v1", apiKey: "sk-org" });
  });

  it("gives Deepgram a WebSocket base without the /v1 the plugin appends", () => {
    expect(resolveSttTarget(stt({ base_url: "https://dg.example.com/v1/" }), env, { deepgram: { api_key: "dg-org" } }).baseUrl).toBe("wss://dg.example.com");
    expect(resolveSttTarget(stt(), env).baseUrl).toBe("ws://env-deepgram");
    expect(resolveSttTarget(stt({ base_url: "http://env-deepgram/v1" }), env).baseUrl).toBe("ws://env-deepgram");
    expect(resolveSttTarget(stt(), keys).baseUrl).toBe("wss://api.deepgram.com");
  });

  it("does not apply the OpenAI env default to other LLM providers", () => {
    expect(resolveLlmTarget(llm({ provider: "mistral" }), env).baseUrl).toBe(PROVIDER_DEFAULT_URLS.mistral);
  });
});

describe("organisation keys (BYOK)", () => {
  const own = {
    openai: { api_key: "sk-org" },
    deepgram: { api_key: "dg-org", base_url: "https://dg.org.example/v1" },
    elevenlabs: { api_key: "el-org" },
    mistral: { api_key: "mistral-org", base_url: "https://mistral.org.example/v1/" },
    "openai-compatible": { api_key: "vllm-org", base_url: "http://vllm.org.example/v1" },
  };
  const env = { ...keys, OPENAI_BASE_URL: "http://env-openai/v1", DEEPGRAM_BASE_URL: "http://env-deepgram", ELEVENLABS_BASE_URL: "http://env-el/v1" };

  it("prefers the organisation's key to the platform's, per provider", () => {
    expect(resolveLlmTarget(llm(), env, own).apiKey).toBe("sk-org");
    expect(resolveTtsTarget(tts(), env, own).apiKey).toBe("sk-org");
    expect(resolveSttTarget(stt(), env, own).apiKey).toBe("dg-org");
    expect(resolveTtsTarget(tts({ provider: "elevenlabs" }), env, own).apiKey).toBe("el-org");
    expect(resolveLlmTarget(llm({ provider: "mistral" }), env, own).apiKey).toBe("mistral-org");
    // No organisation key for xai: the platform key applies.
    expect(resolveLlmTarget(llm({ provider: "xai" }), env, own).apiKey).toBe("xai-key");
    expect(resolveLlmTarget(llm(), env, {}).apiKey).toBe("sk-openai");
    expect(resolveLlmTarget(llm(), env, null).apiKey).toBe("sk-openai");
  });

  it("uses the key's base_url after the assistant's own and before the env default", () => {
    expect(resolveSttTarget(stt(), env, own).baseUrl).toBe("wss://dg.org.example");
    expect(resolveSttTarget(stt({ base_url: "http://config-dg" }), env, own).baseUrl).toBe("ws://config-dg");
    expect(resolveLlmTarget(llm({ provider: "mistral" }), env, own).baseUrl).toBe("https://mistral.org.example/v1");
    expect(resolveLlmTarget(llm({ provider: "mistral", base_url: "http://config/v1" }), env, own).baseUrl).toBe("http://config/v1");
    // A key without base_url falls through to the env default.
    expect(resolveLlmTarget(llm(), env, own).baseUrl).toBe("http://env-openai/v1");
    expect(resolveTtsTarget(tts({ provider: "elevenlabs" }), env, own).baseUrl).toBe("http://env-el/v1");
  });

  it("gives openai-compatible the organisation's key and, without an assistant base_url, the key's server", () => {
    const target = resolveLlmTarget(llm({ provider: "openai-compatible" }), env, own);
    expect(target).toEqual({ provider: "openai-compatible", baseUrl: "http://vllm.org.example/v1", apiKey: "vllm-org" });
    expect(resolveLlmTarget(llm({ provider: "openai-compatible", base_url: "http://mine/v1" }), env, own).baseUrl).toBe("http://mine/v1");
  });

  it("needs no platform key when the organisation brings one", () => {
    const none = { ...keys, OPENAI_API_KEY: undefined, DEEPGRAM_API_KEY: undefined, ELEVEN_API_KEY: undefined };
    const providers = createProviders({ stt_config: stt(), llm_config: llm(), tts_config: tts({ provider: "elevenlabs" }) }, none, own);
    expect(providers.stt).toBeInstanceOf(deepgram.STT);
    expect(providers.tts).toBeInstanceOf(elevenlabs.TTS);
    expect(configError(() => createLlm(llm({ provider: "xai" }), { ...none, XAI_API_KEY: undefined }, own)).message).toBe(
      "Missing API key for xai (llm)",
    );
  });

  it("ignores keys of other providers", () => {
    const other = JSON.parse('{"__proto__": {"api_key": "inherited"}, "anthropic": {"api_key": "x"}}') as Record<string, { api_key: string }>;
    expect(resolveLlmTarget(llm(), keys, other).apiKey).toBe("sk-openai");
  });
});

describe("ProviderConfigError", () => {
  it("names the provider and stage when a key is missing", () => {
    const error = configError(() => createStt(stt(), { ...keys, DEEPGRAM_API_KEY: undefined }));
    expect(error.message).toBe("Missing API key for deepgram (stt)");
    expect(error).toMatchObject({ stage: "stt", provider: "deepgram" });

    expect(configError(() => createLlm(llm(), { ...keys, OPENAI_API_KEY: undefined })).message).toBe("Missing API key for openai (llm)");
    expect(configError(() => createLlm(llm({ provider: "xai" }), { ...keys, XAI_API_KEY: undefined })).stage).toBe("llm");
    expect(configError(() => createTts(tts({ provider: "elevenlabs" }), { ...keys, ELEVEN_API_KEY: undefined })).message).toBe(
      "Missing API key for elevenlabs (tts)",
    );
  });

  it("rejects unknown providers and an openai-compatible LLM without base_url", () => {
    expect(configError(() => createStt(stt({ provider: "whisper" }), keys))).toMatchObject({ stage: "stt", provider: "whisper" });
    expect(configError(() => createLlm(llm({ provider: "anthropic" }), keys)).message).toBe("Unknown llm provider: anthropic");
    expect(configError(() => createTts(tts({ provider: "cartesia" }), keys)).stage).toBe("tts");
    expect(configError(() => createLlm(llm({ provider: "openai-compatible" }), keys)).message).toMatch(/base_url/);
  });

  it("reports the first misconfigured stage in pipeline order", () => {
    const error = configError(() =>
      createProviders({ stt_config: stt(), llm_config: llm(), tts_config: tts() }, { ...keys, DEEPGRAM_API_KEY: undefined, OPENAI_API_KEY: undefined }),
    );
    expect(error.stage).toBe("stt");
  });
});

describe("more providers per stage", () => {
  it("runs OpenAI and OpenAI-compatible transcription as non-streaming STT (per utterance, behind the VAD)", () => {
    const whisper = createStt(stt({ provider: "openai", model: "whisper-1", language: "multi" }), keys);
    expect(whisper).toBeInstanceOf(openai.STT);
    expect(whisper.capabilities.streaming).toBe(false);
    expect(resolveSttTarget(stt({ provider: "openai", model: "whisper-1" }), keys)).toEqual({ provider: "openai", baseUrl: PROVIDER_DEFAULT_URLS.openai, apiKey: "sk-openai" });
    const own = resolveSttTarget(stt({ provider: "openai-compatible", model: "Systran/faster-whisper-small", base_url: "http://127.0.0.1:8000/v1/" }), keys);
    expect(own).toEqual({ provider: "openai-compatible", baseUrl: "http://127.0.0.1:8000/v1", apiKey: "not-needed" });
    expect(configError(() => createStt(stt({ provider: "openai-compatible", model: "x" }), keys)).message).toBe("Missing base_url for openai-compatible (stt)");
  });

  it("builds Inworld and OpenAI-compatible TTS with their keys and URLs", () => {
    const env = { ...keys, INWORLD_API_KEY: "iw-key" };
    const inworld = createTts(tts({ provider: "inworld", voice_id: "Ashley", model: "inworld-tts-1.5-max", speed: 1.1 }), env);
    expect(inworld).toBeInstanceOf(InworldTTS);
    expect(inworld.model).toBe("inworld-tts-1.5-max");
    expect(resolveTtsTarget(tts({ provider: "inworld" }), env)).toEqual({ provider: "inworld", baseUrl: "https://api.inworld.ai", apiKey: "iw-key" });
    expect(resolveTtsTarget(tts({ provider: "inworld" }), env, { inworld: { api_key: "iw-org" } }).apiKey).toBe("iw-org");
    expect(configError(() => createTts(tts({ provider: "inworld" }), keys)).message).toBe("Missing API key for inworld (tts)");
    const kokoro = createTts(tts({ provider: "openai-compatible", voice_id: "af_heart", model: "kokoro", base_url: "http://127.0.0.1:8880/v1" }), keys);
    expect(kokoro).toBeInstanceOf(openai.TTS);
    expect(resolveTtsTarget(tts({ provider: "openai-compatible", base_url: "http://127.0.0.1:8880/v1" }), keys).apiKey).not.toBe(keys.OPENAI_API_KEY);
  });

  it("passes ElevenLabs voice settings only when some are set", () => {
    const withSettings = createTts(tts({ provider: "elevenlabs", voice_id: "v", model: "eleven_turbo_v2_5", style: 0.3, use_speaker_boost: true }), keys);
    expect(withSettings).toBeInstanceOf(elevenlabs.TTS);
    expect(withSettings.model).toBe("eleven_turbo_v2_5");
    expect(createTts(tts({ provider: "elevenlabs", voice_id: "v" }), keys).model).toBe("eleven_flash_v2_5");
  });
});

describe("models checked before the call starts", () => {
  it("rejects a model the provider does not offer, naming stage and provider", () => {
    const error = configError(() => createLlm(llm({ model: "gpt-9" }), keys));
    expect(error).toMatchObject({ stage: "llm", provider: "openai", message: "Unknown llm model for openai: gpt-9" });
    expect(configError(() => createStt(stt({ model: "nova-7" }), keys)).message).toBe("Unknown stt model for deepgram: nova-7");
    expect(configError(() => createTts(tts({ provider: "elevenlabs", model: "eleven_v9" }), keys)).stage).toBe("tts");
  });

  it("accepts any model on openai-compatible servers and dated snapshots elsewhere", () => {
    expect(modelToRun("llm", "openai-compatible", "my-finetune:latest")).toBe("my-finetune:latest");
    expect(modelToRun("llm", "openai", "gpt-4o-mini-2024-07-18")).toBe("gpt-4o-mini-2024-07-18");
    expect(() => modelToRun("llm", "openai-compatible", undefined)).toThrow(ProviderConfigError);
  });

  it("runs another provider's model name (HMS's example) as the provider's default model", () => {
    expect(modelToRun("tts", "openai", "eleven_flash_v2_5")).toBe("gpt-4o-mini-tts");
    expect(createTts(tts({ provider: "openai", model: "eleven_flash_v2_5" }), keys).model).toBe("gpt-4o-mini-tts");
  });
});

describe("fallbacks", () => {
  it("wraps a stage with fallbacks in LiveKit's FallbackAdapter, primary first", () => {
    const vad = { capabilities: {} } as never;
    const providers = createProviders(
      {
        stt_config: { ...stt(), fallbacks: [stt({ provider: "openai", model: "whisper-1" })] },
        llm_config: { ...llm(), fallbacks: [{ provider: "mistral", model: "mistral-small-latest", temperature: 0.2, max_tokens: undefined, base_url: undefined }] },
        tts_config: { ...tts(), fallbacks: [tts({ provider: "elevenlabs", voice_id: "v" })] },
      },
      keys,
      undefined,
      { vad },
    );
    expect(providers.stt).toBeInstanceOf(sttNs.FallbackAdapter);
    expect(providers.llm).toBeInstanceOf(llmNs.FallbackAdapter);
    expect(providers.tts).toBeInstanceOf(ttsNs.FallbackAdapter);
    expect((providers.llm as llmNs.FallbackAdapter).llms.map((l) => l.model)).toEqual(["gpt-4o-mini", "mistral-small-latest"]);
    expect(providers.names).toEqual({ stt: ["deepgram", "openai"], llm: ["openai", "mistral"], tts: ["openai", "elevenlabs"] });
    expect(providers.failovers.entries).toEqual([]);
  });

  it("keeps a stage without fallbacks as the plain plugin", () => {
    const providers = createProviders({ stt_config: stt(), llm_config: llm(), tts_config: tts() }, keys);
    expect(providers.llm).toBeInstanceOf(openai.LLM);
    expect(providers.names.llm).toEqual(["openai"]);
  });

  it("names members by provider and model when a provider repeats", () => {
    const providers = createProviders(
      { stt_config: stt(), llm_config: { ...llm(), fallbacks: [{ provider: "openai", model: "gpt-4.1-mini", temperature: undefined, max_tokens: undefined, base_url: undefined }] }, tts_config: tts() },
      keys,
    );
    expect(providers.names.llm).toEqual(["openai/gpt-4o-mini", "openai/gpt-4.1-mini"]);
  });

  it("fails before the session when any fallback is misconfigured", () => {
    const error = configError(() =>
      createProviders(
        { stt_config: stt(), llm_config: { ...llm(), fallbacks: [{ provider: "xai", model: "grok-3", temperature: undefined, max_tokens: undefined, base_url: undefined }] }, tts_config: tts() },
        { ...keys, XAI_API_KEY: undefined },
      ),
    );
    expect(error).toMatchObject({ stage: "llm", provider: "xai", message: "Missing API key for xai (llm)" });
    expect(configError(() => createProviders({ stt_config: { ...stt(), fallbacks: [stt({ provider: "nuance" })] }, llm_config: llm(), tts_config: tts() }, keys)).message).toBe("Unknown stt provider: nuance");
  });
});
