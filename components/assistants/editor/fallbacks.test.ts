import { describe, expect, it } from "vitest";
import { assistantCreateSchema } from "@/lib/schemas/assistant";
import { newFallback, withProvider } from "./fallbacks";

describe("fallback entries in the editor", () => {
  it("starts a new fallback on another provider with its default model (and voice)", () => {
    expect(newFallback("llm", "openai")).toEqual({ provider: "mistral", model: "mistral-small-latest" });
    expect(newFallback("tts", "elevenlabs")).toEqual({ provider: "openai", model: "gpt-4o-mini-tts", voice_id: "alloy" });
    expect(newFallback("stt", "deepgram")).toEqual({ provider: "openai", model: "gpt-4o-mini-transcribe" });
  });

  it("resets model and voice when the provider changes, keeping the other settings", () => {
    expect(withProvider("tts", { provider: "openai", model: "tts-1", voice_id: "nova", speed: 1.2 }, "inworld")).toEqual({
      provider: "inworld",
      model: "inworld-tts-1.5-mini",
      voice_id: "Ashley",
      speed: 1.2,
    });
    const llm = withProvider("llm", { provider: "openai", model: "gpt-4.1", temperature: 0.3, fallbacks: [{ provider: "xai" }] }, "mistral");
    expect(llm).toMatchObject({ provider: "mistral", model: "mistral-small-latest", temperature: 0.3, fallbacks: [{ provider: "xai" }] });
  });

  it("produces entries the API accepts", () => {
    const body = {
      name: "x",
      stt_config: { provider: "deepgram", fallbacks: [newFallback("stt", "deepgram")] },
      llm_config: { provider: "openai", fallbacks: [newFallback("llm", "openai"), newFallback("llm", "mistral")] },
      tts_config: { provider: "elevenlabs", fallbacks: [newFallback("tts", "elevenlabs")] },
    };
    expect(assistantCreateSchema.safeParse(body).success).toBe(true);
  });
});
