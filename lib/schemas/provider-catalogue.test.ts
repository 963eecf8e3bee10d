import { describe, expect, it } from "vitest";
import { assistantCreateSchema, llmConfigSchema, sttConfigSchema, ttsConfigSchema } from "./assistant";
import { checkModel, defaultModel } from "./provider-catalogue";
import { providersOfAssistant } from "../provider-keys/call-keys";

const issue = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) => ({
  path: result.error?.issues[0]?.path.join("."),
  message: result.error?.issues[0]?.message,
});

describe("provider catalogue", () => {
  it("knows each stage's providers and their models", () => {
    expect(checkModel("llm", "openai", "gpt-4o-mini")).toEqual({ ok: true });
    expect(checkModel("llm", "openai", "gpt-4o-mini-2024-07-18")).toEqual({ ok: true });
    expect(checkModel("llm", "openai-compatible", "anything/at-all:7b")).toEqual({ ok: true });
    expect(checkModel("llm", "openai", "gpt-9")).toMatchObject({ ok: false, reason: "unknown_model" });
    expect(checkModel("llm", "anthropic", "claude")).toMatchObject({ ok: false, reason: "unknown_provider" });
    expect(checkModel("tts", "openai", "eleven_flash_v2_5")).toMatchObject({ ok: false, reason: "foreign_model" });
    expect(checkModel("tts", "inworld", "inworld-tts-1.5-max")).toEqual({ ok: true });
    expect(checkModel("stt", "openai", "whisper-1")).toEqual({ ok: true });
  });

  it("defaults the model by provider, except for self-hosted servers", () => {
    expect(defaultModel("stt", "deepgram")).toBe("nova-3-general");
    expect(defaultModel("tts", "inworld")).toBe("inworld-tts-1.5-mini");
    expect(defaultModel("llm", "mistral")).toBe("mistral-small-latest");
    expect(defaultModel("llm", "openai-compatible")).toBeUndefined();
    expect(defaultModel("llm", "nobody")).toBeUndefined();
  });
});

describe("stage configs checked against the catalogue", () => {
  it("rejects a model the provider does not offer, naming the field", () => {
    expect(issue(llmConfigSchema.safeParse({ provider: "openai", model: "gpt-9" }))).toMatchObject({ path: "model", message: expect.stringMatching(/unknown openai llm model "gpt-9"/) });
    expect(issue(sttConfigSchema.safeParse({ provider: "deepgram", model: "nova-7" })).path).toBe("model");
    expect(issue(ttsConfigSchema.safeParse({ provider: "elevenlabs", model: "eleven_v9" })).path).toBe("model");
    expect(issue(ttsConfigSchema.safeParse({ provider: "cartesia" })).path).toBe("provider");
  });

  it("fills the provider's default model and voice when left out", () => {
    expect(ttsConfigSchema.parse({ provider: "inworld" })).toMatchObject({ provider: "inworld", model: "inworld-tts-1.5-mini", voice_id: "Ashley" });
    expect(ttsConfigSchema.parse({ provider: "openai" })).toMatchObject({ model: "gpt-4o-mini-tts", voice_id: "alloy" });
    expect(sttConfigSchema.parse({ provider: "openai" })).toMatchObject({ model: "gpt-4o-mini-transcribe" });
    expect(llmConfigSchema.parse({ provider: "xai" })).toMatchObject({ model: "grok-4-1-fast-non-reasoning" });
  });

  it("needs model, base_url (and voice) for openai-compatible servers", () => {
    expect(issue(sttConfigSchema.safeParse({ provider: "openai-compatible", base_url: "http://127.0.0.1:8000/v1" }))).toMatchObject({ path: "model" });
    expect(issue(ttsConfigSchema.safeParse({ provider: "openai-compatible", model: "kokoro", voice_id: "af_heart" })).path).toBe("base_url");
    expect(issue(ttsConfigSchema.safeParse({ provider: "openai-compatible", model: "kokoro", base_url: "http://127.0.0.1:8880/v1" })).path).toBe("voice_id");
    expect(ttsConfigSchema.parse({ provider: "openai-compatible", model: "kokoro", voice_id: "af_heart", base_url: "http://127.0.0.1:8880/v1" })).toMatchObject({ model: "kokoro" });
  });

  it("accepts up to three fallbacks per stage, each checked like the primary", () => {
    const llm = llmConfigSchema.parse({
      provider: "openai",
      fallbacks: [{ provider: "mistral" }, { provider: "openai-compatible", model: "llama3.1", base_url: "http://127.0.0.1:11434/v1", temperature: 0.2 }],
    });
    expect(llm.fallbacks).toEqual([
      { provider: "mistral", model: "mistral-small-latest", temperature: 0.7 },
      { provider: "openai-compatible", model: "llama3.1", base_url: "http://127.0.0.1:11434/v1", temperature: 0.2 },
    ]);
    expect(issue(llmConfigSchema.safeParse({ fallbacks: [{ provider: "xai" }, { provider: "xai", model: "grok-99" }] })).path).toBe("fallbacks.1.model");
    expect(issue(llmConfigSchema.safeParse({ fallbacks: [{}, {}, {}, {}] })).path).toBe("fallbacks");
    expect(issue(ttsConfigSchema.safeParse({ fallbacks: [{ provider: "inworld", speed: 9 }] })).path).toBe("fallbacks.0.speed");
    expect(issue(sttConfigSchema.safeParse({ fallbacks: [{ provider: "openai-compatible", model: "whisper" }] })).path).toBe("fallbacks.0.base_url");
    // A fallback carries no prompt or tools of its own.
    expect(assistantCreateSchema.safeParse({ name: "x", llm_config: { fallbacks: [{ provider: "mistral", messages: [] }] } }).success).toBe(true);
    expect(llmConfigSchema.parse({ fallbacks: [{ provider: "mistral", messages: [] }] }).fallbacks?.[0]).not.toHaveProperty("messages");
  });

  it("leaves fallbacks out unless configured", () => {
    expect(sttConfigSchema.parse({})).not.toHaveProperty("fallbacks");
  });

  it("hands the worker the organisation's keys for fallback providers too", () => {
    const snapshot = {
      stt_config: { provider: "deepgram", fallbacks: [{ provider: "openai" }] },
      llm_config: { provider: "openai", fallbacks: [{ provider: "mistral" }, { provider: "xai" }] },
      tts_config: { provider: "elevenlabs", fallbacks: [{ provider: "inworld" }] },
    };
    expect(providersOfAssistant(snapshot)).toEqual(["deepgram", "openai", "openai", "mistral", "xai", "elevenlabs", "inworld"]);
  });
});
