import { describe, expect, it } from "vitest";
import { DEFAULT_PRICE_LIST, mergePriceList, unitPrice } from "./pricing";

describe("unitPrice", () => {
  it("takes the exact model, else the longest listed prefix, else the provider default", () => {
    const prices = mergePriceList(DEFAULT_PRICE_LIST, {
      llm_input_per_token: { openai: { default: 1, models: { "gpt-4o": 2, "gpt-4o-mini": 3 } } },
    });
    expect(unitPrice(prices, "llm_input_per_token", "openai", "gpt-4o-mini")).toBe(3);
    expect(unitPrice(prices, "llm_input_per_token", "openai", "gpt-4o-mini-2024-07-18")).toBe(3);
    expect(unitPrice(prices, "llm_input_per_token", "openai", "gpt-4o-2024-08-06")).toBe(2);
    expect(unitPrice(prices, "llm_input_per_token", "openai", "o9-unknown")).toBe(1);
    expect(unitPrice(prices, "llm_input_per_token", "openai", null)).toBe(1);
    expect(unitPrice(prices, "llm_input_per_token", "no-such-provider", "x")).toBe(0);
  });

  it("prices Deepgram nova-3 models per second from the per-minute list price", () => {
    expect(unitPrice(DEFAULT_PRICE_LIST, "stt_per_second", "deepgram", "nova-3-general")).toBeCloseTo(0.0077 / 60, 12);
    expect(DEFAULT_PRICE_LIST.platform_per_minute).toBe(0.07);
  });
});

describe("mergePriceList", () => {
  it("overrides per provider and keeps the rest", () => {
    const merged = mergePriceList(DEFAULT_PRICE_LIST, { platform_per_minute: 0.05, tts_per_character: { elevenlabs: { models: { custom_voice_model: 0.001 } } } });
    expect(merged.platform_per_minute).toBe(0.05);
    expect(merged.tts_per_character.elevenlabs!.models.custom_voice_model).toBe(0.001);
    expect(merged.tts_per_character.elevenlabs!.default).toBe(DEFAULT_PRICE_LIST.tts_per_character.elevenlabs!.default);
    expect(merged.tts_per_character.openai).toEqual(DEFAULT_PRICE_LIST.tts_per_character.openai);
    // The defaults themselves are untouched.
    expect(DEFAULT_PRICE_LIST.platform_per_minute).toBe(0.07);
  });

  it("rejects a malformed override", () => {
    expect(() => mergePriceList(DEFAULT_PRICE_LIST, { platform_per_minute: -1 })).toThrow();
    expect(() => mergePriceList(DEFAULT_PRICE_LIST, { platform_fee: 1 })).toThrow();
  });
});
