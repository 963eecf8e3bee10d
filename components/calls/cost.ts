import type { Call } from "@/lib/schemas/call";

// Cost breakdown rows for the call detail page: one line per provider, kind and model, in a
// stable order (platform minutes, then STT, LLM input/output, TTS), with the total.

type CostItem = Call["cost_breakdown"][number];

export const COST_KINDS: Record<CostItem["kind"], { label: string; unit: string; order: number }> = {
  call_minutes: { label: "Call minutes", unit: "min", order: 0 },
  stt_seconds: { label: "Speech-to-text", unit: "s", order: 1 },
  llm_input_tokens: { label: "LLM input", unit: "tokens", order: 2 },
  llm_output_tokens: { label: "LLM output", unit: "tokens", order: 3 },
  tts_characters: { label: "Text-to-speech", unit: "chars", order: 4 },
};

export interface CostRow {
  key: string;
  kind: CostItem["kind"];
  kindLabel: string;
  provider: string;
  model: string | null;
  quantity: number;
  unit: string;
  unitPrice: number;
  cost: number;
}

export function costRows(items: CostItem[]): { rows: CostRow[]; total: number } {
  const merged = new Map<string, CostRow>();
  for (const item of items) {
    const provider = item.provider ?? "platform";
    const key = `${item.kind}|${provider}|${item.model ?? ""}|${item.unit_price}`;
    const row = merged.get(key);
    if (row) {
      row.quantity += item.quantity;
      row.cost += item.cost;
      continue;
    }
    const kind = COST_KINDS[item.kind];
    merged.set(key, { key, kind: item.kind, kindLabel: kind.label, provider, model: item.model, quantity: item.quantity, unit: kind.unit, unitPrice: item.unit_price, cost: item.cost });
  }
  const rows = [...merged.values()].sort(
    (a, b) => COST_KINDS[a.kind].order - COST_KINDS[b.kind].order || a.provider.localeCompare(b.provider) || (a.model ?? "").localeCompare(b.model ?? ""),
  );
  return { rows, total: rows.reduce((sum, r) => sum + r.cost, 0) };
}

/** Money with enough decimals for sub-cent provider prices (€0.0042), two otherwise. */
export function formatMoney(amount: number | null, currency = "EUR"): string {
  if (amount === null) return "—";
  const digits = amount !== 0 && Math.abs(amount) < 1 ? 4 : 2;
  return new Intl.NumberFormat("en-GB", { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount);
}

/** Unit prices are often fractions of a cent: three significant digits (€0.000015). */
export function formatUnitPrice(amount: number, currency = "EUR"): string {
  const options: Intl.NumberFormatOptions =
    amount === 0 || Math.abs(amount) >= 0.01 ? { minimumFractionDigits: 2, maximumFractionDigits: 4 } : { maximumSignificantDigits: 3 };
  return new Intl.NumberFormat("en-GB", { style: "currency", currency, ...options }).format(amount);
}

export function formatQuantity(quantity: number, unit: string): string {
  const digits = Number.isInteger(quantity) ? 0 : 2;
  return `${new Intl.NumberFormat("en-GB", { maximumFractionDigits: digits }).format(quantity)} ${unit}`;
}
