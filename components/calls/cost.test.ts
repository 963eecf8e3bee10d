import { describe, expect, it } from "vitest";
import { costRows, formatMoney, formatQuantity, formatUnitPrice } from "./cost";

describe("costRows", () => {
  it("merges identical provider/kind/model lines, orders them by kind and totals them", () => {
    const { rows, total } = costRows([
      { kind: "tts_characters", provider: "openai", model: "tts-1", quantity: 120, unit_price: 0.000015, cost: 0.0018 },
      { kind: "llm_input_tokens", provider: "openai", model: "gpt-4o-mini", quantity: 1000, unit_price: 0.00000015, cost: 0.00015 },
      { kind: "call_minutes", provider: null, model: null, quantity: 1.5, unit_price: 0.07, cost: 0.105 },
      { kind: "llm_input_tokens", provider: "openai", model: "gpt-4o-mini", quantity: 500, unit_price: 0.00000015, cost: 0.000075 },
      { kind: "stt_seconds", provider: "deepgram", model: "nova-3", quantity: 42, unit_price: 0.0001, cost: 0.0042 },
    ]);
    expect(rows.map((r) => [r.kindLabel, r.provider, r.quantity])).toEqual([
      ["Call minutes", "platform", 1.5],
      ["Speech-to-text", "deepgram", 42],
      ["LLM input", "openai", 1500],
      ["Text-to-speech", "openai", 120],
    ]);
    expect(rows[2]!.cost).toBeCloseTo(0.000225);
    expect(total).toBeCloseTo(0.105 + 0.0042 + 0.000225 + 0.0018);
  });
});

describe("formatMoney and formatQuantity", () => {
  it("shows sub-euro amounts with four decimals", () => {
    expect(formatMoney(null)).toBe("—");
    expect(formatMoney(0.0042)).toBe("€0.0042");
    expect(formatMoney(0)).toBe("€0.00");
    expect(formatMoney(12.5)).toBe("€12.50");
  });
  it("shows sub-cent unit prices with three significant digits", () => {
    expect(formatUnitPrice(0.000015)).toBe("€0.000015");
    expect(formatUnitPrice(0.00000015)).toBe("€0.00000015");
    expect(formatUnitPrice(0.07)).toBe("€0.07");
    expect(formatUnitPrice(0)).toBe("€0.00");
  });
  it("shows quantities with their unit", () => {
    expect(formatQuantity(1500, "tokens")).toBe("1,500 tokens");
    expect(formatQuantity(1.5, "min")).toBe("1.5 min");
  });
});
