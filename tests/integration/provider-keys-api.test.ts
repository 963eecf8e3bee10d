import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeDeepgram, type FakeDeepgram } from "../fakes/fake-deepgram";
import { startFakeOpenAI, type FakeOpenAI } from "../fakes/fake-openai";
import { closeServer, listenLoopback, sendJson } from "../fakes/http";
import { call, useFreshDatabase } from "./support";

const OPENAI_KEY = "sk-org-a-openai-key-1234";
const DEEPGRAM_KEY = "dg-org-a-deepgram-key-5678";
const ELEVEN_KEY = "el-org-a-eleven-key-9012";

let routes: {
  keys: typeof import("@/app/api/v1/byok/route");
  byProvider: typeof import("@/app/api/v1/byok/[provider]/route");
  test: typeof import("@/app/api/v1/byok/test/route");
};
let db: typeof import("@/lib/db").db;
let decryptSecret: typeof import("@/lib/crypto").decryptSecret;
let orgA: Awaited<ReturnType<typeof import("./factories").createOrgWithKey>>;
let orgB: typeof orgA;
let openai: FakeOpenAI;
let deepgram: FakeDeepgram;
let elevenlabs: Server;
let elevenlabsUrl: string;
let closedUrl: string;

// GET /v1/user with xi-api-key is all a key check needs.
async function startElevenLabsUser(apiKey: string) {
  const server = createServer((req, res) => {
    if (req.url !== "/v1/user") return sendJson(res, 404, { detail: "not found" });
    if (req.headers["xi-api-key"] !== apiKey) return sendJson(res, 401, { detail: { status: "invalid_api_key" } });
    return sendJson(res, 200, { subscription: { tier: "free" } });
  });
  return { server, url: `http://127.0.0.1:${await listenLoopback(server)}/v1` };
}

beforeAll(async () => {
  openai = await startFakeOpenAI({ apiKey: OPENAI_KEY });
  deepgram = await startFakeDeepgram({ apiKey: DEEPGRAM_KEY });
  ({ server: elevenlabs, url: elevenlabsUrl } = await startElevenLabsUser(ELEVEN_KEY));
  const closed = createServer();
  closedUrl = `http://127.0.0.1:${await listenLoopback(closed)}/v1`;
  await closeServer(closed);
  // The env default for OpenAI: a key stored without base_url is tested against it.
  process.env.OPENAI_BASE_URL = openai.baseUrl;

  await useFreshDatabase();
  routes = {
    keys: await import("@/app/api/v1/byok/route"),
    byProvider: await import("@/app/api/v1/byok/[provider]/route"),
    test: await import("@/app/api/v1/byok/test/route"),
  };
  db = (await import("@/lib/db")).db;
  decryptSecret = (await import("@/lib/crypto")).decryptSecret;
  const { createOrgWithKey } = await import("./factories");
  orgA = await createOrgWithKey("byok-a");
  orgB = await createOrgWithKey("byok-b");
});

afterAll(async () => {
  await openai?.close();
  await deepgram?.close();
  if (elevenlabs) await closeServer(elevenlabs);
});

const save = (key: string, body: unknown) => call(routes.keys.POST, { method: "POST", key, body });
const list = (key: string) => call(routes.keys.GET, { key });
const remove = (key: string, body: unknown) => call(routes.keys.DELETE, { method: "DELETE", key, body });
const removeByPath = (key: string, provider: string) => call(routes.byProvider.DELETE, { method: "DELETE", key, params: { provider } });
const testKey = (key: string, provider: string) => call(routes.test.POST, { method: "POST", key, body: { provider } });

describe("authentication", () => {
  it("answers 401 without an API key on every endpoint", async () => {
    const responses = await Promise.all([
      call(routes.keys.GET),
      call(routes.keys.POST, { method: "POST", body: { provider: "openai", api_key: "x" } }),
      call(routes.keys.DELETE, { method: "DELETE", body: { provider: "openai" } }),
      call(routes.byProvider.DELETE, { method: "DELETE", params: { provider: "openai" } }),
      call(routes.test.POST, { method: "POST", body: { provider: "openai" } }),
    ]);
    for (const res of responses) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("unauthorized");
    }
    expect((await call(routes.keys.GET, { key: "sb_live_not-a-real-key" })).status).toBe(401);
  });
});

describe("POST /api/v1/byok", () => {
  it("adds a key (201), answers it masked and stores it encrypted", async () => {
    const res = await save(orgA.key, { provider: "openai", api_key: OPENAI_KEY, base_url: openai.baseUrl });
    expect(res.status).toBe(201);
    expect(res.body.success).toBe(true);
    expect(res.body.byok_keys.openai_secret_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.byok_key).toEqual({
      provider: "openai",
      key_hint: "****1234",
      base_url: openai.baseUrl,
      last_tested_at: null,
      last_test_ok: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(JSON.stringify(res.body)).not.toContain(OPENAI_KEY);

    const rows = await db.providerKey.findMany({ where: { organizationId: orgA.organization.id } });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(OPENAI_KEY);
    expect(rows[0]!.keyEnc).toMatch(/^v1\./);
    expect(decryptSecret(rows[0]!.keyEnc)).toBe(OPENAI_KEY);
  });

  it("replaces the key (200), which starts untested again", async () => {
    await save(orgA.key, { provider: "deepgram", api_key: "dg-first-key-0000" });
    await db.providerKey.updateMany({ where: { organizationId: orgA.organization.id, provider: "deepgram" }, data: { lastTestedAt: new Date(), lastTestOk: false } });
    const res = await save(orgA.key, { provider: "deepgram", api_key: `  ${DEEPGRAM_KEY}\n`, base_url: deepgram.baseUrl });
    expect(res.status).toBe(200);
    expect(res.body.byok_key).toMatchObject({ provider: "deepgram", key_hint: "****5678", base_url: deepgram.baseUrl, last_tested_at: null, last_test_ok: null });
    const row = await db.providerKey.findFirstOrThrow({ where: { organizationId: orgA.organization.id, provider: "deepgram" } });
    // Surrounding whitespace from a paste is not part of the key.
    expect(decryptSecret(row.keyEnc)).toBe(DEEPGRAM_KEY);
    expect(await db.providerKey.count({ where: { organizationId: orgA.organization.id, provider: "deepgram" } })).toBe(1);
  });

  it.each([
    ["a missing provider", { api_key: "k" }, "provider"],
    ["an unknown provider", { provider: "anthropic", api_key: "k" }, "provider"],
    ["a missing api_key", { provider: "openai" }, "api_key"],
    ["an empty api_key", { provider: "openai", api_key: "   " }, "api_key"],
    ["openai-compatible without base_url", { provider: "openai-compatible", api_key: "k" }, "base_url"],
    ["a base_url that is not a URL", { provider: "openai", api_key: "k", base_url: "api.openai.com" }, "base_url"],
    ["a base_url that is not http(s) or ws(s)", { provider: "openai", api_key: "k", base_url: "ftp://example.com" }, "base_url"],
    ["an unknown field", { provider: "openai", api_key: "k", secret_id: "x" }, "secret_id"],
  ])("rejects %s with 422 and its param", async (_label, body, param) => {
    const res = await save(orgA.key, body);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: "validation_error", param, type: "invalid_request_error" });
  });

  it("rejects malformed JSON with 400", async () => {
    const res = await call(routes.keys.POST, { method: "POST", key: orgA.key, rawBody: "{nope" });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_json");
  });
});

describe("GET /api/v1/byok", () => {
  it("lists the organisation's own keys only, masked", async () => {
    await save(orgB.key, { provider: "openai", api_key: "sk-org-b-key-zzzz" });
    const a = await list(orgA.key);
    expect(a.status).toBe(200);
    expect(a.body.keys.map((k: { provider: string }) => k.provider)).toEqual(["deepgram", "openai"]);
    expect(a.body.keys.map((k: { key_hint: string }) => k.key_hint)).toEqual(["****5678", "****1234"]);
    expect(JSON.stringify(a.body)).not.toMatch(/sk-org|dg-org/);
    const b = await list(orgB.key);
    expect(b.body.keys).toHaveLength(1);
    expect(b.body.keys[0]).toMatchObject({ provider: "openai", key_hint: "****zzzz" });
  });

  it("answers HMS's byok_keys map: the stored key's id per <provider>_secret_id, null elsewhere", async () => {
    const a = (await list(orgA.key)).body.byok_keys;
    const b = (await list(orgB.key)).body.byok_keys;
    expect(Object.keys(a).sort()).toEqual(["deepgram", "elevenlabs", "google", "inworld", "mistral", "openai", "openai_compatible", "resend", "xai"].map((p) => `${p}_secret_id`).sort());
    expect(a.openai_secret_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.deepgram_secret_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.elevenlabs_secret_id).toBeNull();
    expect(b.openai_secret_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.openai_secret_id).not.toBe(a.openai_secret_id);
    expect(b.deepgram_secret_id).toBeNull();
  });
});

describe("POST /api/v1/byok/test", () => {
  const lastTest = async (provider: string) =>
    (await list(orgA.key)).body.keys.find((k: { provider: string }) => k.provider === provider);

  it("reports ok when OpenAI accepts the key, and remembers it", async () => {
    const res = await testKey(orgA.key, "openai");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, message: "OpenAI accepted the key" });
    const stored = await lastTest("openai");
    expect(stored.last_test_ok).toBe(true);
    expect(Date.parse(stored.last_tested_at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it("reports a rejected key with the provider's status", async () => {
    await save(orgA.key, { provider: "openai", api_key: "sk-wrong-key-0000", base_url: openai.baseUrl });
    const res = await testKey(orgA.key, "openai");
    expect(res.body).toEqual({ ok: false, message: "OpenAI rejected the key (HTTP 401)" });
    expect((await lastTest("openai")).last_test_ok).toBe(false);
  });

  it("uses the platform's OPENAI_BASE_URL when the key has no base_url of its own", async () => {
    await save(orgA.key, { provider: "openai", api_key: OPENAI_KEY });
    expect((await testKey(orgA.key, "openai")).body).toEqual({ ok: true, message: "OpenAI accepted the key" });
  });

  it("reports an unreachable provider without pretending", async () => {
    await save(orgA.key, { provider: "xai", api_key: "xai-key", base_url: closedUrl });
    const res = await testKey(orgA.key, "xai");
    expect(res.body.ok).toBe(false);
    expect(res.body.message).toBe(`Could not reach xAI at ${closedUrl}: connection refused`);
    expect((await lastTest("xai")).last_test_ok).toBe(false);
  });

  it("checks OpenAI-compatible, xAI and Mistral keys with GET /models", async () => {
    await save(orgA.key, { provider: "openai-compatible", api_key: OPENAI_KEY, base_url: `${openai.baseUrl}/` });
    expect((await testKey(orgA.key, "openai-compatible")).body.ok).toBe(true);
    await save(orgA.key, { provider: "mistral", api_key: "mistral-wrong", base_url: openai.baseUrl });
    expect((await testKey(orgA.key, "mistral")).body).toEqual({ ok: false, message: "Mistral rejected the key (HTTP 401)" });
  });

  it("checks Deepgram keys with GET /v1/projects, from the streaming URL", async () => {
    expect((await testKey(orgA.key, "deepgram")).body).toEqual({ ok: true, message: "Deepgram accepted the key" });
    await save(orgA.key, { provider: "deepgram", api_key: "dg-wrong", base_url: `${deepgram.httpUrl}/v1` });
    expect((await testKey(orgA.key, "deepgram")).body).toEqual({ ok: false, message: "Deepgram rejected the key (HTTP 401)" });
  });

  it("checks ElevenLabs keys with GET /user", async () => {
    await save(orgA.key, { provider: "elevenlabs", api_key: ELEVEN_KEY, base_url: elevenlabsUrl });
    expect((await testKey(orgA.key, "elevenlabs")).body).toEqual({ ok: true, message: "ElevenLabs accepted the key" });
    await save(orgA.key, { provider: "elevenlabs", api_key: "el-wrong", base_url: elevenlabsUrl });
    expect((await testKey(orgA.key, "elevenlabs")).body.ok).toBe(false);
  });

  it("names a base URL that does not lead to the API", async () => {
    await save(orgA.key, { provider: "mistral", api_key: OPENAI_KEY, base_url: `${deepgram.httpUrl}/nowhere` });
    const res = await testKey(orgA.key, "mistral");
    expect(res.body.ok).toBe(false);
    expect(res.body.message).toMatch(/^Unexpected answer from Mistral at .*: HTTP 404 for GET \/nowhere\/models; check the base URL$/);
  });

  it("says when a provider's keys cannot be tested yet, and records nothing", async () => {
    await save(orgA.key, { provider: "inworld", api_key: "inworld-key" });
    expect((await testKey(orgA.key, "inworld")).body).toEqual({ ok: false, message: "testing inworld keys is not supported yet" });
    expect((await lastTest("inworld")).last_tested_at).toBeNull();
  });

  it("answers 404 for a provider without a key, 422 for an unknown provider", async () => {
    const missing = await testKey(orgA.key, "google");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
    const unknown = await testKey(orgA.key, "anthropic");
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.param).toBe("provider");
  });

  it("never tests another organisation's key", async () => {
    expect((await testKey(orgB.key, "deepgram")).status).toBe(404);
  });
});

describe("DELETE /api/v1/byok", () => {
  it("cannot delete another organisation's key", async () => {
    expect((await remove(orgB.key, { provider: "deepgram" })).status).toBe(404);
    expect((await removeByPath(orgB.key, "deepgram")).status).toBe(404);
    expect(await db.providerKey.count({ where: { organizationId: orgA.organization.id, provider: "deepgram" } })).toBe(1);
  });

  it("deletes by body (HMS style) and by path", async () => {
    const byBody = await remove(orgA.key, { provider: "deepgram" });
    expect(byBody.status).toBe(200);
    expect(byBody.body).toMatchObject({ success: true, byok_keys: expect.objectContaining({ deepgram_secret_id: null, openai_secret_id: expect.any(String) }) });
    expect((await remove(orgA.key, { provider: "deepgram" })).status).toBe(404);

    const byPath = await removeByPath(orgA.key, "openai-compatible");
    expect(byPath.status).toBe(200);
    expect(byPath.body).toMatchObject({ success: true, byok_keys: expect.objectContaining({ openai_compatible_secret_id: null }) });
    expect((await removeByPath(orgA.key, "openai-compatible")).status).toBe(404);

    const providers = (await list(orgA.key)).body.keys.map((k: { provider: string }) => k.provider);
    expect(providers).not.toContain("deepgram");
    expect(providers).not.toContain("openai-compatible");
    // Org B's own key is untouched.
    expect((await list(orgB.key)).body.keys).toHaveLength(1);
  });

  it("validates the body and the path", async () => {
    const res = await remove(orgA.key, {});
    expect(res.status).toBe(422);
    expect(res.body.error.param).toBe("provider");
    expect((await remove(orgA.key, { provider: "nope" })).body.error.param).toBe("provider");
    expect((await removeByPath(orgA.key, "nope")).status).toBe(404);
  });
});
