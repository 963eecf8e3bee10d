import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { findCallProviderKeys } from "@/lib/provider-keys/call-keys";
import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";
import { callUsageSchema, type CallUsage } from "@/lib/schemas/call";
import { DEFAULT_PRICE_LIST, mergePriceList, unitPrice, type PriceList, type PricedKind } from "@/lib/usage/pricing";
import type { UsageKind } from "@/lib/schemas/usage";
import { isEndedStatus } from "@/lib/calls/call-status";

let cachedPrices: { source: string | undefined; list: PriceList } | undefined;

/** The price list in force: the defaults with PRICE_LIST merged in. */
export function currentPriceList(): PriceList {
  const source = env().PRICE_LIST;
  if (cachedPrices && cachedPrices.source === source) return cachedPrices.list;
  let override: unknown;
  try {
    override = source ? JSON.parse(source) : undefined;
  } catch {
    throw new Error("PRICE_LIST is not valid JSON");
  }
  cachedPrices = { source, list: mergePriceList(DEFAULT_PRICE_LIST, override) };
  return cachedPrices.list;
}

export interface UsageLine {
  kind: UsageKind;
  provider: string | null;
  model: string | null;
  quantity: number;
  unitPrice: number;
  cost: number;
}

// Costs are kept to 6 decimals (the column's scale); unit prices to 8 decimals.
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * The priced lines of one call: the platform fee for its duration (per second), then one
 * line per provider and model of each stage. `ownKeyProviders` (those the organisation has
 * a provider key for) are paid by the organisation directly, so their lines carry a unit
 * price of 0.
 */
export function priceCallUsage(options: {
  durationSeconds: number;
  usage: CallUsage;
  prices: PriceList;
  ownKeyProviders: ReadonlySet<string>;
}): UsageLine[] {
  const { prices, ownKeyProviders } = options;
  const line = (kind: UsageKind, provider: string | null, model: string | null, quantity: number, price: number): UsageLine => {
    const unit = round(price, 8);
    return { kind, provider, model, quantity: round(quantity, 4), unitPrice: unit, cost: round(quantity * unit, 6) };
  };
  const providerPrice = (kind: PricedKind, provider: string, model: string | null) =>
    ownKeyProviders.has(provider) ? 0 : unitPrice(prices, kind, provider, model);

  // Several reports of the same provider and model (a failover back and forth) add up.
  const grouped = new Map<string, { kind: UsageKind; priced: PricedKind; provider: string; model: string | null; quantity: number }>();
  const add = (kind: UsageKind, priced: PricedKind, provider: string, model: string | null, quantity: number) => {
    const key = JSON.stringify([kind, provider, model]);
    const entry = grouped.get(key) ?? { kind, priced, provider, model, quantity: 0 };
    entry.quantity += quantity;
    grouped.set(key, entry);
  };
  for (const s of options.usage.stt) add("stt_seconds", "stt_per_second", s.provider, s.model, s.audio_seconds);
  for (const l of options.usage.llm) {
    add("llm_input_tokens", "llm_input_per_token", l.provider, l.model, l.prompt_tokens);
    add("llm_output_tokens", "llm_output_per_token", l.provider, l.model, l.completion_tokens);
  }
  for (const t of options.usage.tts) add("tts_characters", "tts_per_character", t.provider, t.model, t.characters);

  return [
    line("call_minutes", null, null, options.durationSeconds / 60, prices.platform_per_minute),
    ...[...grouped.values()].map((g) => line(g.kind, g.provider, g.model, g.quantity, providerPrice(g.priced, g.provider, g.model))),
  ];
}

/**
 * Writes a finished call's usage records and total cost. Idempotent: running it again
 * replaces the call's records with the same result. Calls still running are left alone.
 */
export async function meterCallUsage(scope: OrgScope, callId: string): Promise<{ cost: number; lines: UsageLine[] } | null> {
  const call = await db.call.findFirst({ where: { id: callId, ...orgWhere(scope) } });
  if (!call || !isEndedStatus(call.status)) return null;
  const parsed = callUsageSchema.safeParse(call.usage ?? {});
  const usage = parsed.success ? parsed.data : callUsageSchema.parse({});
  const providers = [...usage.stt, ...usage.llm, ...usage.tts].map((u) => u.provider);
  const ownKeys = await findCallProviderKeys(scope, providers);
  const lines = priceCallUsage({
    durationSeconds: call.durationSeconds ?? 0,
    usage,
    prices: currentPriceList(),
    ownKeyProviders: new Set(Object.keys(ownKeys)),
  });
  const cost = round(lines.reduce((sum, l) => sum + l.cost, 0), 6);
  // Usage belongs to the moment the call ended, so re-metering does not move it in time.
  const at = call.endedAt ?? call.updatedAt;
  await db.$transaction([
    db.usageRecord.deleteMany({ where: { ...orgWhere(scope), callId } }),
    db.usageRecord.createMany({
      data: lines.map((l) => ({
        organizationId: scope.organizationId,
        callId,
        kind: l.kind,
        provider: l.provider,
        model: l.model,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        cost: l.cost,
        createdAt: at,
      })),
    }),
    db.call.update({ where: { id: callId, ...orgWhere(scope) }, data: { cost } }),
  ]);
  return { cost, lines };
}
