import { z } from "zod";

// What a call costs, in the platform currency (EUR, like HMS: 1 credit = €0.07). A call pays
// the platform's orchestration fee per minute (billed per second) plus each provider's usage
// at cost, priced per unit: STT per audio second, LLM per input / output token, TTS per
// character. Providers the organisation pays itself (BYOK) cost 0 here.
// Prices are defaults that an operator overrides with PRICE_LIST (JSON, same shape, merged).

const ratesSchema = z.object({
  /** Price per unit for models not listed. */
  default: z.number().min(0),
  /** Per model; a key also matches longer model names that start with it ("nova-3" → "nova-3-general"). */
  models: z.record(z.string(), z.number().min(0)).default({}),
});
export type Rates = z.infer<typeof ratesSchema>;

const providerRates = z.record(z.string(), ratesSchema);

export const priceListSchema = z.object({
  currency: z.string().min(3).max(3).default("EUR"),
  platform_per_minute: z.number().min(0),
  stt_per_second: providerRates,
  llm_input_per_token: providerRates,
  llm_output_per_token: providerRates,
  tts_per_character: providerRates,
});
export type PriceList = z.infer<typeof priceListSchema>;

const perMinute = (eur: number) => eur / 60;
const perMillion = (eur: number) => eur / 1_000_000;
const perThousand = (eur: number) => eur / 1000;

// Public list prices of the providers (rounded), converted to per-unit figures.
export const DEFAULT_PRICE_LIST: PriceList = {
  currency: "EUR",
  platform_per_minute: 0.07,
  stt_per_second: {
    deepgram: { default: perMinute(0.0077), models: { "nova-2": perMinute(0.0058), "nova-3": perMinute(0.0077) } },
    openai: { default: perMinute(0.006), models: { "whisper-1": perMinute(0.006), "gpt-4o-mini-transcribe": perMinute(0.003) } },
    elevenlabs: { default: perMinute(0.0067), models: {} },
  },
  llm_input_per_token: {
    openai: {
      default: perMillion(0.15),
      models: { "gpt-4o-mini": perMillion(0.15), "gpt-4o": perMillion(2.5), "gpt-4.1-nano": perMillion(0.1), "gpt-4.1-mini": perMillion(0.4), "gpt-4.1": perMillion(2) },
    },
    mistral: { default: perMillion(0.1), models: { "mistral-large": perMillion(2), "mistral-small": perMillion(0.1) } },
    xai: { default: perMillion(0.2), models: { "grok-4-1-fast": perMillion(0.2), "grok-3": perMillion(3) } },
    // A self-hosted or third-party server always runs on the organisation's own key.
    "openai-compatible": { default: 0, models: {} },
  },
  llm_output_per_token: {
    openai: {
      default: perMillion(0.6),
      models: { "gpt-4o-mini": perMillion(0.6), "gpt-4o": perMillion(10), "gpt-4.1-nano": perMillion(0.4), "gpt-4.1-mini": perMillion(1.6), "gpt-4.1": perMillion(8) },
    },
    mistral: { default: perMillion(0.3), models: { "mistral-large": perMillion(6), "mistral-small": perMillion(0.3) } },
    xai: { default: perMillion(0.5), models: { "grok-4-1-fast": perMillion(0.5), "grok-3": perMillion(15) } },
    "openai-compatible": { default: 0, models: {} },
  },
  tts_per_character: {
    elevenlabs: { default: perThousand(0.1), models: { eleven_flash_v2_5: perThousand(0.05), eleven_turbo_v2_5: perThousand(0.05), eleven_multilingual_v2: perThousand(0.1) } },
    openai: { default: perMillion(15), models: { "tts-1": perMillion(15), "tts-1-hd": perMillion(30), "gpt-4o-mini-tts": perMillion(12) } },
  },
};

export type PricedKind = "stt_per_second" | "llm_input_per_token" | "llm_output_per_token" | "tts_per_character";

/**
 * The unit price of a provider's model: the exact model, else the longest listed prefix of
 * the model name, else the provider's default; 0 for a provider that is not listed at all.
 */
export function unitPrice(prices: PriceList, kind: PricedKind, provider: string, model: string | null): number {
  const rates = prices[kind][provider];
  if (!rates) return 0;
  if (model) {
    if (model in rates.models) return rates.models[model]!;
    const prefix = Object.keys(rates.models)
      .filter((m) => model.startsWith(m))
      .sort((a, b) => b.length - a.length)[0];
    if (prefix) return rates.models[prefix]!;
  }
  return rates.default;
}

/** The default list with an operator's override merged in (per provider; models merged too). */
export function mergePriceList(base: PriceList, override: unknown): PriceList {
  if (override === undefined || override === null) return base;
  const partialRates = z.object({ default: z.number().min(0).optional(), models: z.record(z.string(), z.number().min(0)).optional() });
  const parsed = z
    .object({
      currency: z.string().length(3).optional(),
      platform_per_minute: z.number().min(0).optional(),
      stt_per_second: z.record(z.string(), partialRates).optional(),
      llm_input_per_token: z.record(z.string(), partialRates).optional(),
      llm_output_per_token: z.record(z.string(), partialRates).optional(),
      tts_per_character: z.record(z.string(), partialRates).optional(),
    })
    .strict()
    .parse(override);
  const merged: PriceList = structuredClone(base);
  if (parsed.currency) merged.currency = parsed.currency;
  if (parsed.platform_per_minute !== undefined) merged.platform_per_minute = parsed.platform_per_minute;
  for (const kind of ["stt_per_second", "llm_input_per_token", "llm_output_per_token", "tts_per_character"] as const) {
    for (const [provider, rates] of Object.entries(parsed[kind] ?? {})) {
      const current = merged[kind][provider] ?? { default: 0, models: {} };
      merged[kind][provider] = { default: rates.default ?? current.default, models: { ...current.models, ...rates.models } };
    }
  }
  return merged;
}
