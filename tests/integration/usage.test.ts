import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { call, useFreshDatabase } from "./support";
import { systemScope } from "@/lib/tenancy/scope";

// Metering (usage records and call cost from the worker's usage report) and GET /usage.

let db: typeof import("@/lib/db").db;
let meter: typeof import("@/lib/usage/meter-call");
let routes: {
  usage: typeof import("@/app/api/v1/usage/route");
  one: typeof import("@/app/api/v1/calls/[id]/route");
  assistants: typeof import("@/app/api/v1/assistants/route");
};
let factories: typeof import("./factories");
let orgA: Awaited<ReturnType<typeof import("./factories").createOrgWithKey>>;
let orgB: typeof orgA;
let assistantId: string;

const usage = {
  stt: [{ provider: "deepgram", model: "nova-3-general", audio_seconds: 80 }],
  llm: [{ provider: "openai", model: "gpt-4o-mini", prompt_tokens: 1000, completion_tokens: 200 }],
  tts: [{ provider: "elevenlabs", model: "eleven_flash_v2_5", characters: 500 }],
};

beforeAll(async () => {
  await useFreshDatabase();
  delete process.env.PRICE_LIST;
  db = (await import("@/lib/db")).db;
  meter = await import("@/lib/usage/meter-call");
  routes = {
    usage: await import("@/app/api/v1/usage/route"),
    one: await import("@/app/api/v1/calls/[id]/route"),
    assistants: await import("@/app/api/v1/assistants/route"),
  };
  factories = await import("./factories");
  orgA = await factories.createOrgWithKey("usage-a");
  orgB = await factories.createOrgWithKey("usage-b");
  const created = await call(routes.assistants.POST, { method: "POST", key: orgA.key, body: { name: "Front desk", business_name: "Smile Clinic" } });
  assistantId = created.body.assistant.id;
});

// A finished call of `org`, metered.
async function meteredCall(
  org: typeof orgA,
  options: { seconds: number; endedAt: Date; usage?: unknown; type?: "web" | "inbound"; callerPhone?: string; assistantId?: string | null },
) {
  const row = await db.call.create({
    data: {
      organizationId: org.organization.id,
      assistantId: options.assistantId ?? null,
      type: options.type ?? "web",
      status: "ended",
      roomName: `call-${randomUUID()}`,
      assistantSnapshot: { name: "Snapshot name" },
      callerPhone: options.callerPhone ?? null,
      startedAt: new Date(options.endedAt.getTime() - options.seconds * 1000),
      endedAt: options.endedAt,
      durationSeconds: options.seconds,
      ...(options.usage ? { usage: options.usage as object } : {}),
    },
  });
  const result = await meter.meterCallUsage(systemScope(row.organizationId, "test"), row.id);
  expect(result).not.toBeNull();
  return { row, result: result! };
}

describe("metering", () => {
  it("writes one record per kind and provider and the call's total cost", async () => {
    const { row, result } = await meteredCall(orgA, { seconds: 90, endedAt: new Date(), usage, assistantId });
    const expected = [
      { kind: "call_minutes", provider: null, model: null, quantity: 1.5, unit_price: 0.07, cost: 0.105 },
      { kind: "llm_input_tokens", provider: "openai", model: "gpt-4o-mini", quantity: 1000, unit_price: 0.00000015, cost: 0.00015 },
      { kind: "llm_output_tokens", provider: "openai", model: "gpt-4o-mini", quantity: 200, unit_price: 0.0000006, cost: 0.00012 },
      { kind: "stt_seconds", provider: "deepgram", model: "nova-3-general", quantity: 80, unit_price: 0.00012833, cost: 0.010266 },
      { kind: "tts_characters", provider: "elevenlabs", model: "eleven_flash_v2_5", quantity: 500, unit_price: 0.00005, cost: 0.025 },
    ];
    expect(result.cost).toBe(0.140536);

    const res = await call(routes.one.GET, { key: orgA.key, params: { id: row.id } });
    expect(res.status).toBe(200);
    expect(res.body.cost).toBe(0.140536);
    expect(res.body.cost_breakdown).toEqual(expected);

    // Idempotent: metering again replaces the rows with the same ones.
    await meter.meterCallUsage(systemScope(row.organizationId, "test"), row.id);
    expect(await db.usageRecord.count({ where: { callId: row.id } })).toBe(5);
    expect((await call(routes.one.GET, { key: orgA.key, params: { id: row.id } })).body.cost_breakdown).toEqual(expected);
  });

  it("charges nothing for providers the organisation pays itself (BYOK), only the platform minutes", async () => {
    const org = await factories.createOrgWithKey("usage-byok");
    const { encryptSecret } = await import("@/lib/crypto");
    for (const provider of ["openai", "deepgram", "elevenlabs"]) {
      await db.providerKey.create({ data: { organizationId: org.organization.id, provider, keyEnc: encryptSecret(`key-${provider}`), keyHint: "1234" } });
    }
    const { result } = await meteredCall(org, { seconds: 60, endedAt: new Date(), usage });
    expect(result.cost).toBe(0.07);
    expect(result.lines.filter((l) => l.kind !== "call_minutes").every((l) => l.unitPrice === 0 && l.cost === 0 && l.quantity > 0)).toBe(true);
  });

  it("prices unknown models at the provider default and honours PRICE_LIST", async () => {
    process.env.PRICE_LIST = JSON.stringify({ platform_per_minute: 0.1, llm_input_per_token: { openai: { default: 0.001 } } });
    const { env } = await import("@/lib/env");
    // env() is parsed once per process: set the value on the parsed object for this test.
    const cached = env();
    Object.assign(cached, { PRICE_LIST: process.env.PRICE_LIST });
    try {
      const { result } = await meteredCall(orgB, {
        seconds: 30,
        endedAt: new Date("2020-01-01T00:00:00Z"),
        usage: { llm: [{ provider: "openai", model: "brand-new-model", prompt_tokens: 10, completion_tokens: 0 }] },
      });
      const minutes = result.lines.find((l) => l.kind === "call_minutes")!;
      expect(minutes).toMatchObject({ quantity: 0.5, unitPrice: 0.1, cost: 0.05 });
      expect(result.lines.find((l) => l.kind === "llm_input_tokens")).toMatchObject({ unitPrice: 0.001, cost: 0.01 });
    } finally {
      Object.assign(cached, { PRICE_LIST: undefined });
      delete process.env.PRICE_LIST;
      await db.usageRecord.deleteMany({ where: { organizationId: orgB.organization.id } });
    }
  });

  it("meters a call without a usage report by its minutes, and leaves running calls alone", async () => {
    const { result } = await meteredCall(orgA, { seconds: 0, endedAt: new Date() });
    expect(result.lines).toEqual([{ kind: "call_minutes", provider: null, model: null, quantity: 0, unitPrice: 0.07, cost: 0 }]);
    const running = await db.call.create({
      data: { organizationId: orgA.organization.id, type: "web", status: "in_progress", roomName: `call-${randomUUID()}`, assistantSnapshot: {} },
    });
    expect(await meter.meterCallUsage(systemScope(running.organizationId, "test"), running.id)).toBeNull();
    expect(await db.usageRecord.count({ where: { callId: running.id } })).toBe(0);
  });
});

describe("GET /api/v1/usage", () => {
  let org: typeof orgA;
  const day = (d: number, h = 12) => new Date(Date.UTC(2026, 0, d, h));

  beforeAll(async () => {
    org = await factories.createOrgWithKey("usage-list");
    const assistant = await call(routes.assistants.POST, { method: "POST", key: org.key, body: { name: "Line", business_name: "Acme" } });
    await meteredCall(org, { seconds: 60, endedAt: day(1), usage, assistantId: assistant.body.assistant.id, type: "inbound", callerPhone: "+31612345678" });
    await meteredCall(org, { seconds: 120, endedAt: day(2) });
    await meteredCall(org, { seconds: 30, endedAt: day(3), usage: { llm: [{ provider: "mistral", model: null, prompt_tokens: 100, completion_tokens: 10 }] } });
  });

  const get = (key: string, query = "") => call(routes.usage.GET, { key, path: `/api/v1/usage${query}` });

  it("lists one log per call, newest first, with the period's summary", async () => {
    const res = await get(org.key);
    expect(res.status).toBe(200);
    expect(res.body.pagination).toEqual({ total: 3, limit: 100, offset: 0 });
    expect(res.body.logs.map((l: { duration_sec: number }) => l.duration_sec)).toEqual([30, 120, 60]);
    const phone = res.body.logs[2];
    expect(phone).toMatchObject({
      duration_sec: 60,
      duration_seconds: 60,
      minutes_used: 1,
      call_type: "phone",
      direction: "inbound",
      phone_number: "+31612345678",
      agent_name: "Line",
      business_name: "Acme",
      cost: 0.105536, // 1 minute (0.07) + the providers (0.035536)
      created_at: day(1).toISOString(),
    });
    expect(res.body.logs[1]).toMatchObject({ call_type: "web", agent_name: "Snapshot name", cost: 0.14 });

    const mistral = (100 * 0.1 + 10 * 0.3) / 1_000_000;
    expect(res.body.summary).toMatchObject({
      total_calls: 3,
      total_duration_seconds: 210,
      total_duration_minutes: 3.5,
      total_minutes: 3.5,
      currency: "EUR",
    });
    expect(res.body.summary.total_cost).toBeCloseTo(0.105536 + 0.14 + 0.035 + mistral, 6);
    const kinds = Object.fromEntries(res.body.summary.by_kind.map((k: { kind: string; quantity: number; cost: number }) => [k.kind, k]));
    expect(kinds.call_minutes).toEqual({ kind: "call_minutes", quantity: 3.5, cost: 0.245 });
    expect(kinds.llm_input_tokens.quantity).toBe(1100);
    expect(res.body.summary.by_provider).toContainEqual({ kind: "stt_seconds", provider: "deepgram", quantity: 80, cost: 0.010266 });
    expect(res.body.summary.by_provider).toContainEqual({ kind: "llm_input_tokens", provider: "mistral", quantity: 100, cost: 0.00001 });
  });

  it("paginates and filters by the time the call ended", async () => {
    const page = await get(org.key, "?limit=1&offset=1");
    expect(page.body.logs).toHaveLength(1);
    expect(page.body.logs[0].duration_sec).toBe(120);
    expect(page.body.pagination).toEqual({ total: 3, limit: 1, offset: 1 });
    // The summary covers the whole period, not the page.
    expect(page.body.summary.total_calls).toBe(3);

    const window = await get(org.key, `?start_date=${day(2, 0).toISOString()}&end_date=${day(3, 0).toISOString()}`);
    expect(window.body.logs.map((l: { duration_sec: number }) => l.duration_sec)).toEqual([120]);
    expect(window.body.summary).toMatchObject({ total_calls: 1, total_duration_seconds: 120, total_cost: 0.14 });
    const from = await get(org.key, `?start_date=${encodeURIComponent("2026-01-02T00:00:00+00:00")}`);
    expect(from.body.pagination.total).toBe(2);
  });

  it("shows each organisation only its own usage", async () => {
    const other = await factories.createOrgWithKey("usage-empty");
    const res = await get(other.key);
    expect(res.body.logs).toEqual([]);
    expect(res.body.summary).toMatchObject({ total_calls: 0, total_duration_seconds: 0, total_cost: 0, by_kind: [], by_provider: [] });
    expect((await get(orgA.key)).body.logs.every((l: { call_id: string }) => l.call_id)).toBe(true);
    const aIds = new Set((await get(org.key)).body.logs.map((l: { call_id: string }) => l.call_id));
    for (const log of (await get(orgA.key)).body.logs) expect(aIds.has(log.call_id)).toBe(false);
    expect((await call(routes.usage.GET, { path: "/api/v1/usage" })).status).toBe(401);
  });

  it("rejects bad parameters with the offending param", async () => {
    for (const [query, param] of [
      ["?limit=0", "limit"],
      ["?limit=1001", "limit"],
      ["?offset=-1", "offset"],
      ["?start_date=yesterday", "start_date"],
      [`?start_date=${day(3).toISOString()}&end_date=${day(1).toISOString()}`, "end_date"],
    ] as const) {
      const res = await get(org.key, query);
      expect(res.status, query).toBe(422);
      expect(res.body.error.param).toBe(param);
    }
  });
});
