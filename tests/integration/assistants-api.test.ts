import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { call, useFreshDatabase, expectNotFoundForOtherOrg } from "./support";

// Route modules are imported after the database is ready (they resolve env lazily anyway).
let assistants: typeof import("@/app/api/v1/assistants/route");
let assistant: typeof import("@/app/api/v1/assistants/[id]/route");
let agents: typeof import("@/app/api/v1/agents/route");
let agent: typeof import("@/app/api/v1/agents/[id]/route");
let db: typeof import("@/lib/db").db;
let orgA: Awaited<ReturnType<typeof import("./factories").createOrgWithKey>>;
let orgB: typeof orgA;

// The exact request body of the HMS "Create a new agent" example (POST /api/v1/agents).
function seedExampleBody() {
  return JSON.parse(readFileSync(new URL("../fixtures/hms-create-agent-request.json", import.meta.url), "utf8")) as Record<string, unknown>;
}

beforeAll(async () => {
  await useFreshDatabase();
  assistants = await import("@/app/api/v1/assistants/route");
  assistant = await import("@/app/api/v1/assistants/[id]/route");
  agents = await import("@/app/api/v1/agents/route");
  agent = await import("@/app/api/v1/agents/[id]/route");
  db = (await import("@/lib/db")).db;
  const { createOrgWithKey } = await import("./factories");
  orgA = await createOrgWithKey("alpha");
  orgB = await createOrgWithKey("beta");
});

describe("POST /api/v1/assistants", () => {
  it("creates with only a name and applies the documented defaults", async () => {
    const res = await call(assistants.POST, { method: "POST", key: orgA.key, body: { name: "Front desk" } });
    expect(res.status).toBe(201);
    const a = res.body.assistant;
    expect(a).toMatchObject({
      name: "Front desk",
      is_active: true,
      first_message: "Hello! How can I help you today?",
      max_duration_seconds: 600,
      silence_timeout_seconds: null,
      gdpr_mode: false,
      webhook_secret: null,
      stt_config: { provider: "deepgram", model: "nova-3-general", language: "en" },
      llm_config: { provider: "openai", model: "gpt-4o-mini", temperature: 0.7 },
      tts_config: { provider: "elevenlabs", model: "eleven_flash_v2_5" },
    });
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(a.created_at).toISOString()).toBe(a.created_at);
  });

  it("accepts the seed's exact example through /agents and through /assistants", async () => {
    for (const handler of [agents.POST, assistants.POST]) {
      const body = seedExampleBody();
      const res = await call(handler, { method: "POST", key: orgA.key, body });
      expect(res.status).toBe(201);
      const a = res.body.assistant;
      expect(a).toMatchObject({
        name: "Customer Support Agent",
        business_name: "string",
        notification_email: "user@example.com",
        max_duration_seconds: 1,
        webhook_url: "http://example.com",
        webhook_events: ["string"],
        stt_config: { provider: "deepgram", model: "nova-3-general", language: "multi", keyterms: ["yes", "no", "okay", "Acme"] },
        llm_config: { provider: "openai", model: "gpt-5", voice: "ara", temperature: 0.7, messages: [{ role: "system", content: "string" }] },
        tts_config: { provider: "openai", voice_id: "alloy", model: "eleven_flash_v2_5", language: "nl", stability: 0.5, speed: 1, style: 0 },
      });
      expect(a.webhook_secret).toBe("********");
      for (const field of ["id", "created_at", "updated_at", "analysis_plan", "is_active", "first_message"]) expect(a).toHaveProperty(field);
    }
  });

  it("rejects malformed JSON with 400 and invalid fields with 422 naming the field", async () => {
    const malformed = await call(assistants.POST, { method: "POST", key: orgA.key, rawBody: "{not json" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: "invalid_json", type: "invalid_request_error" });

    const cases: [unknown, string][] = [
      [{}, "name"],
      [{ name: "x", llm_config: { temperature: 3 } }, "llm_config.temperature"],
      [{ name: "x", tts_config: { stability: -1 } }, "tts_config.stability"],
      [{ name: "x", stt_config: { language: "klingon" } }, "stt_config.language"],
      [{ name: "x", llm_config: { provider: "openai-compatible" } }, "llm_config.base_url"],
      [{ name: "x", favourite_colour: "blue" }, "favourite_colour"],
      [{ name: "x", notification_email: "not-an-email" }, "notification_email"],
    ];
    for (const [body, param] of cases) {
      const res = await call(assistants.POST, { method: "POST", key: orgA.key, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error).toMatchObject({ code: "validation_error", param, type: "invalid_request_error" });
    }
    const arrayBody = await call(assistants.POST, { method: "POST", key: orgA.key, body: [1] });
    expect(arrayBody.status).toBe(400);
  });
});

describe("silence and privacy settings", () => {
  it("accepts HMS's silence_timeout_seconds and gdpr_mode, updates and validates them", async () => {
    const created = await call(assistants.POST, {
      method: "POST",
      key: orgA.key,
      body: { name: "Quiet line", autonomous_silence_handling: true, silence_timeout_seconds: 8, gdpr_mode: true },
    });
    expect(created.status).toBe(201);
    expect(created.body.assistant).toMatchObject({ autonomous_silence_handling: true, silence_timeout_seconds: 8, gdpr_mode: true });
    const id = created.body.assistant.id;
    const patched = await call(assistant.PATCH, { method: "PATCH", key: orgA.key, params: { id }, body: { gdpr_mode: false, silence_timeout_seconds: null } });
    expect(patched.body.assistant).toMatchObject({ silence_timeout_seconds: null, gdpr_mode: false, name: "Quiet line" });
    for (const [body, param] of [[{ silence_timeout_seconds: 0 }, "silence_timeout_seconds"], [{ gdpr_mode: "yes" }, "gdpr_mode"]] as const) {
      const res = await call(assistant.PATCH, { method: "PATCH", key: orgA.key, params: { id }, body });
      expect(res.status).toBe(422);
      expect(res.body.error.param).toBe(param);
    }
  });
});

describe("authentication", () => {
  it("answers 401 without a key, with an unknown key and with a revoked key", async () => {
    expect((await call(assistants.GET, {})).status).toBe(401);
    const bad = await call(assistants.GET, { key: "sb_live_nope" });
    expect(bad.status).toBe(401);
    expect(bad.body.error).toMatchObject({ code: "unauthorized", type: "authentication_error" });
    const malformed = await call(assistants.GET, { headers: { authorization: "Basic abc" } });
    expect(malformed.status).toBe(401);

    const { createOrgWithKey } = await import("./factories");
    const temp = await createOrgWithKey("temp");
    expect((await call(assistants.GET, { key: temp.key })).status).toBe(200);
    await db.apiKey.update({ where: { id: temp.apiKeyId }, data: { revokedAt: new Date() } });
    const revoked = await call(assistants.GET, { key: temp.key });
    expect(revoked.status).toBe(401);
    expect(revoked.body.error).toMatchObject({ code: "api_key_revoked", type: "authentication_error" });
  });

  it("stores API keys only as SHA-256 hashes", async () => {
    const rows = await db.apiKey.findMany();
    for (const row of rows) {
      expect(row.hashedKey).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(row)).not.toContain(orgA.key);
    }
  });
});

describe("read, update, delete and tenancy", () => {
  it("lists with pagination in the HMS envelope", async () => {
    const { createOrgWithKey } = await import("./factories");
    const org = await createOrgWithKey("pager");
    for (const name of ["one", "two", "three"]) await call(assistants.POST, { method: "POST", key: org.key, body: { name } });
    const page = await call(assistants.GET, { key: org.key, path: "/api/v1/assistants?limit=2&offset=1" });
    expect(page.status).toBe(200);
    expect(page.body.pagination).toEqual({ total: 3, limit: 2, offset: 1 });
    expect(page.body.assistants.map((a: { name: string }) => a.name)).toEqual(["two", "one"]);
    const invalid = await call(assistants.GET, { key: org.key, path: "/api/v1/assistants?limit=0" });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.param).toBe("limit");
  });

  it("PATCH changes only the provided fields and validates the merged config", async () => {
    const created = (await call(assistants.POST, { method: "POST", key: orgA.key, body: { name: "Patch me", first_message: "Hi" } })).body.assistant;
    const res = await call(assistant.PATCH, { method: "PATCH", key: orgA.key, params: { id: created.id }, body: { llm_config: { temperature: 1.2 } } });
    expect(res.status).toBe(200);
    expect(res.body.assistant).toMatchObject({ name: "Patch me", first_message: "Hi", llm_config: { temperature: 1.2, model: "gpt-4o-mini" } });
    const bad = await call(assistant.PATCH, { method: "PATCH", key: orgA.key, params: { id: created.id }, body: { llm_config: { temperature: 9 } } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.param).toBe("llm_config.temperature");
    const viaAlias = await call(agent.GET, { key: orgA.key, params: { id: created.id } });
    expect(viaAlias.body.assistant.llm_config.temperature).toBe(1.2);
  });

  it("another organisation gets 404 for every method and changes nothing", async () => {
    const created = (await call(assistants.POST, { method: "POST", key: orgA.key, body: { name: "Private" } })).body.assistant;
    const params = { id: created.id };
    await expectNotFoundForOtherOrg(assistant, orgB.key, params);
    const list = await call(assistants.GET, { key: orgB.key });
    expect(list.body.assistants.find((a: { id: string }) => a.id === created.id)).toBeUndefined();
    const still = await call(assistant.GET, { key: orgA.key, params });
    expect(still.body.assistant.name).toBe("Private");
    expect((await call(assistant.GET, { key: orgA.key, params: { id: "not-a-uuid" } })).status).toBe(404);
  });

  it("DELETE answers {success:true} and the assistant is gone", async () => {
    const created = (await call(assistants.POST, { method: "POST", key: orgA.key, body: { name: "Temp" } })).body.assistant;
    const res = await call(assistant.DELETE, { method: "DELETE", key: orgA.key, params: { id: created.id } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect((await call(assistant.GET, { key: orgA.key, params: { id: created.id } })).status).toBe(404);
  });

  it("never stores or returns the webhook secret in plain text", async () => {
    const secret = "whsec_plaintext_canary_42";
    const res = await call(assistants.POST, { method: "POST", key: orgA.key, body: { name: "Hooks", webhook_url: "https://example.com/hook", webhook_secret: secret } });
    expect(JSON.stringify(res.body)).not.toContain(secret);
    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>("SELECT * FROM assistants");
    expect(JSON.stringify(rows)).not.toContain(secret);
  });
});
