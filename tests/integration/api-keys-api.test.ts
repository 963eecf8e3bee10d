import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { PortalSession } from "@/lib/auth/session";
import { call, useFreshDatabase } from "./support";

// Portal sessions need Next.js's request context, so the session lookup is stubbed: the
// cookie-authenticated path then runs through the real wrapper, role check and database.
const session = vi.hoisted(() => ({ current: null as PortalSession | null }));
vi.mock("@/lib/auth/session", () => ({ getPortalSession: vi.fn(async () => session.current) }));

let apiKeys: typeof import("@/app/api/v1/api-keys/route");
let apiKey: typeof import("@/app/api/v1/api-keys/[id]/route");
let assistants: typeof import("@/app/api/v1/assistants/route");
let assistant: typeof import("@/app/api/v1/assistants/[id]/route");
let db: typeof import("@/lib/db").db;
let createOrgWithKey: typeof import("./factories").createOrgWithKey;
let orgA: Awaited<ReturnType<typeof import("./factories").createOrgWithKey>>;
let orgB: typeof orgA;

const cookie = { cookie: "next-auth.session-token=stubbed" };
const sessionOf = (org: typeof orgA, role: PortalSession["role"], userId: string): PortalSession => {
  const membership = { organizationId: org.organization.id, organizationName: org.organization.name, organizationKind: org.organization.kind, role };
  return { userId, email: `${role}@example.com`, name: role, ...membership, memberships: [membership] };
};

beforeAll(async () => {
  await useFreshDatabase();
  apiKeys = await import("@/app/api/v1/api-keys/route");
  apiKey = await import("@/app/api/v1/api-keys/[id]/route");
  assistants = await import("@/app/api/v1/assistants/route");
  assistant = await import("@/app/api/v1/assistants/[id]/route");
  db = (await import("@/lib/db")).db;
  ({ createOrgWithKey } = await import("./factories"));
  orgA = await createOrgWithKey("alpha");
  orgB = await createOrgWithKey("beta");
});

beforeEach(() => {
  session.current = null;
});

const createKey = (key: string, name: string) => call(apiKeys.POST, { method: "POST", key, body: { name } });

describe("POST /api/v1/api-keys", () => {
  it("creates a key shown once, which then authenticates as the organisation", async () => {
    const res = await createKey(orgA.key, "Zapier");
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(["api_key", "key"]);
    const { api_key: created, key } = res.body;
    expect(key).toMatch(/^sb_live_[A-Za-z0-9_-]{32}$/);
    expect(created).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: "Zapier", prefix: key.slice(0, 14), scopes: ["full_access"], created_at: expect.any(String), last_used_at: null });
    expect(new Date(created.created_at).toISOString()).toBe(created.created_at);

    const made = await call(assistants.POST, { method: "POST", key, body: { name: "Made with the new key" } });
    expect(made.status).toBe(201);
    expect(await db.assistant.count({ where: { id: made.body.assistant.id, organizationId: orgA.organization.id } })).toBe(1);
    const listed = await call(apiKeys.GET, { key: orgA.key });
    const row = listed.body.api_keys.find((k: { id: string }) => k.id === created.id);
    expect(row.last_used_at).not.toBeNull();
  });

  it("validates the name (422 with param) and the body (400)", async () => {
    for (const [body, param] of [
      [{}, "name"], [{ name: "   " }, "name"], [{ name: "x".repeat(101) }, "name"], [{ name: "ok", scopes: ["all"] }, "scopes"],
      [{ name: "ok", scopes: [] }, "scopes"], [{ name: "ok", scopes: ["assistants.delete"] }, "scopes"], [{ name: "ok", scopes: "read_only" }, "scopes"],
      [{ name: "ok", scopes: ["full_access", "calls.read"] }, "scopes"], [{ name: "ok", other: 1 }, "other"],
    ] as const) {
      const res = await call(apiKeys.POST, { method: "POST", key: orgA.key, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error).toMatchObject({ code: "validation_error", param, type: "invalid_request_error" });
    }
    expect((await call(apiKeys.POST, { method: "POST", key: orgA.key, rawBody: "{oops" })).body.error.code).toBe("invalid_json");
    const trimmed = await createKey(orgA.key, "  Spaces  ");
    expect(trimmed.body.api_key.name).toBe("Spaces");
  });

  it("answers 401 without a valid key", async () => {
    expect((await call(apiKeys.POST, { method: "POST", body: { name: "x" } })).status).toBe(401);
    expect((await call(apiKeys.GET, { key: "sb_live_unknown" })).status).toBe(401);
  });

  it("stores only the SHA-256 of the key, never the key itself", async () => {
    const { key } = (await createKey(orgA.key, "Canary")).body;
    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>("SELECT * FROM api_keys");
    expect(JSON.stringify(rows)).not.toContain(key);
    expect(JSON.stringify(rows)).not.toContain(key.slice(14));
    const { createHash } = await import("node:crypto");
    const hash = createHash("sha256").update(key).digest("hex");
    expect(rows.filter((r) => r.hashed_key === hash)).toHaveLength(1);
  });
});

describe("GET /api/v1/api-keys", () => {
  it("lists the organisation's active keys with pagination, never a hash or key", async () => {
    const org = await createOrgWithKey("lister");
    for (const name of ["one", "two", "three"]) await createKey(org.key, name);
    const all = await call(apiKeys.GET, { key: org.key });
    expect(all.status).toBe(200);
    expect(all.body.pagination).toEqual({ total: 4, limit: 100, offset: 0 });
    expect(all.body.api_keys.map((k: { name: string }) => k.name)).toEqual(["three", "two", "one", "test"]);
    for (const k of all.body.api_keys) expect(Object.keys(k).sort()).toEqual(["created_at", "id", "last_used_at", "name", "prefix", "scopes"]);
    const page = await call(apiKeys.GET, { key: org.key, path: "/api/v1/api-keys?limit=2&offset=1" });
    expect(page.body.pagination).toEqual({ total: 4, limit: 2, offset: 1 });
    expect(page.body.api_keys.map((k: { name: string }) => k.name)).toEqual(["two", "one"]);
    expect((await call(apiKeys.GET, { key: org.key, path: "/api/v1/api-keys?limit=5000" })).body.error.param).toBe("limit");
    const other = await call(apiKeys.GET, { key: orgB.key });
    expect(other.body.api_keys.map((k: { name: string }) => k.name)).toEqual(["test"]);
  });
});

describe("DELETE /api/v1/api-keys/{id}", () => {
  it("revokes: the key answers 401 on its next request and leaves the list", async () => {
    const { api_key: created, key } = (await createKey(orgA.key, "Short-lived")).body;
    expect((await call(assistants.GET, { key })).status).toBe(200);
    const res = await call(apiKey.DELETE, { method: "DELETE", key: orgA.key, params: { id: created.id } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    const after = await call(assistants.GET, { key });
    expect(after.status).toBe(401);
    expect(after.body.error).toMatchObject({ code: "api_key_revoked", type: "authentication_error" });
    const list = await call(apiKeys.GET, { key: orgA.key });
    expect(list.body.api_keys.map((k: { id: string }) => k.id)).not.toContain(created.id);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: created.id } })).revokedAt).not.toBeNull();
    // Already revoked: gone, like an unknown id.
    expect((await call(apiKey.DELETE, { method: "DELETE", key: orgA.key, params: { id: created.id } })).status).toBe(404);
  });

  it("a key may revoke itself; its very next request is refused", async () => {
    const { api_key: created, key } = (await createKey(orgA.key, "Self")).body;
    expect((await call(apiKey.DELETE, { method: "DELETE", key, params: { id: created.id } })).status).toBe(200);
    expect((await call(apiKeys.GET, { key })).status).toBe(401);
  });

  it("another organisation's key id is a 404 and the key keeps working", async () => {
    const { api_key: created, key } = (await createKey(orgA.key, "Private")).body;
    for (const id of [created.id, "not-a-uuid", "00000000-0000-4000-8000-000000000000"]) {
      const res = await call(apiKey.DELETE, { method: "DELETE", key: orgB.key, params: { id } });
      expect(res.status, id).toBe(404);
      expect(res.body.error).toMatchObject({ code: "not_found", message: "API key not found" });
    }
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: created.id } })).revokedAt).toBeNull();
    expect((await call(assistants.GET, { key })).status).toBe(200);
  });
});

describe("roles (portal session)", () => {
  it("members may list keys but get 403 on creating and revoking keys and on assistant writes", async () => {
    const target = (await createKey(orgA.key, "Keep me")).body.api_key;
    const existing = (await call(assistants.POST, { method: "POST", key: orgA.key, body: { name: "Untouchable" } })).body.assistant;
    session.current = sessionOf(orgA, "member", "00000000-0000-4000-8000-00000000000a");

    const list = await call(apiKeys.GET, { headers: cookie });
    expect(list.status).toBe(200);
    expect(list.body.api_keys.map((k: { id: string }) => k.id)).toContain(target.id);
    const denied = [
      await call(apiKeys.POST, { method: "POST", headers: cookie, body: { name: "Mine" } }),
      await call(apiKey.DELETE, { method: "DELETE", headers: cookie, params: { id: target.id } }),
      await call(assistants.POST, { method: "POST", headers: cookie, body: { name: "Nope" } }),
      await call(assistant.PATCH, { method: "PATCH", headers: cookie, params: { id: existing.id }, body: { name: "Renamed" } }),
      await call(assistant.DELETE, { method: "DELETE", headers: cookie, params: { id: existing.id } }),
    ];
    for (const res of denied) {
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: "forbidden", type: "permission_error" });
    }
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: target.id } })).revokedAt).toBeNull();
    expect((await db.assistant.findUniqueOrThrow({ where: { id: existing.id } })).name).toBe("Untouchable");
    expect(await db.apiKey.count({ where: { name: "Mine" } })).toBe(0);
  });

  it("owners and admins may create and revoke; sessions have their own, larger limit", async () => {
    for (const role of ["owner", "admin"] as const) {
      session.current = sessionOf(orgA, role, role === "owner" ? "00000000-0000-4000-8000-00000000000b" : "00000000-0000-4000-8000-00000000000c");
      const created = await call(apiKeys.POST, { method: "POST", headers: cookie, body: { name: `By ${role}` } });
      expect(created.status).toBe(201);
      expect(created.headers.get("x-ratelimit-limit")).toBe("1000");
      const revoked = await call(apiKey.DELETE, { method: "DELETE", headers: cookie, params: { id: created.body.api_key.id } });
      expect(revoked.status).toBe(200);
      expect(revoked.headers.get("x-ratelimit-remaining")).toBe("998");
    }
  });
});

describe("scopes", () => {
  const createScoped = (key: string, name: string, scopes: unknown) => call(apiKeys.POST, { method: "POST", key, body: { name, scopes } });
  const expectForbidden = (res: Awaited<ReturnType<typeof call>>, permission: string) => {
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: "forbidden", type: "permission_error" });
    expect(res.body.error.message).toContain(permission);
  };

  it("a read-only key reads (200) and is refused every write (403 naming the permission)", async () => {
    const existing = (await call(assistants.POST, { method: "POST", key: orgA.key, body: { name: "Read me" } })).body.assistant;
    const res = await createScoped(orgA.key, "Dashboard", ["read_only"]);
    expect(res.status).toBe(201);
    expect(res.body.api_key.scopes).toEqual(["read_only"]);
    const { key } = res.body;

    const list = await call(assistants.GET, { key });
    expect(list.status).toBe(200);
    expect(list.body.assistants.map((a: { id: string }) => a.id)).toContain(existing.id);
    expect((await call(assistant.GET, { key, params: { id: existing.id } })).status).toBe(200);
    expect((await call(apiKeys.GET, { key })).status).toBe(200);

    expectForbidden(await call(assistants.POST, { method: "POST", key, body: { name: "Sneaky" } }), "assistants.write");
    expectForbidden(await call(assistant.PATCH, { method: "PATCH", key, params: { id: existing.id }, body: { name: "Renamed" } }), "assistants.write");
    expectForbidden(await call(assistant.DELETE, { method: "DELETE", key, params: { id: existing.id } }), "assistants.write");
    expectForbidden(await createKey(key, "Escalate"), "api_keys.write");
    expect((await db.assistant.findUniqueOrThrow({ where: { id: existing.id } })).name).toBe("Read me");
    expect(await db.assistant.count({ where: { name: "Sneaky" } })).toBe(0);
  });

  it("a custom key holds exactly its scopes, wildcards included; lists show them", async () => {
    const res = await createScoped(orgA.key, "Builder", ["assistants.*", "api_keys.read"]);
    expect(res.status).toBe(201);
    const { key, api_key: created } = res.body;
    expect((await call(assistants.POST, { method: "POST", key, body: { name: "Built" } })).status).toBe(201);
    const listed = await call(apiKeys.GET, { key });
    expect(listed.status).toBe(200);
    expect(listed.body.api_keys.find((k: { id: string }) => k.id === created.id).scopes).toEqual(["assistants.*", "api_keys.read"]);
    expectForbidden(await call(apiKey.DELETE, { method: "DELETE", key, params: { id: created.id } }), "api_keys.write");
    const calls = await import("@/app/api/v1/calls/route");
    expectForbidden(await call(calls.GET, { key }), "calls.read");
  });

  it("a key cannot create a key with permissions it lacks", async () => {
    const { key } = (await createScoped(orgA.key, "Key manager", ["api_keys.*", "assistants.read"])).body;
    const broader = await createScoped(key, "Broader", ["assistants.write"]);
    expectForbidden(broader, "assistants.write");
    expect(broader.body.error.param).toBe("scopes");
    expectForbidden(await createKey(key, "Full"), "assistants.write");
    expect(await db.apiKey.count({ where: { name: { in: ["Broader", "Full"] } } })).toBe(0);
    const narrower = await createScoped(key, "Narrower", ["assistants.read"]);
    expect(narrower.status).toBe(201);
    expect(narrower.body.api_key.scopes).toEqual(["assistants.read"]);
  });

  it("keys stored without scopes (every key before scopes existed) keep full access", async () => {
    const org = await createOrgWithKey("legacy");
    // As the migration left every existing row: no scopes.
    await db.$executeRaw`UPDATE api_keys SET scopes = DEFAULT WHERE id = ${org.apiKeyId}::uuid`;
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: org.apiKeyId } })).scopes).toEqual([]);
    expect((await createScoped(org.key, "Everything", ["full_access"])).body.api_key.scopes).toEqual(["full_access"]);
    const made = await call(assistants.POST, { method: "POST", key: org.key, body: { name: "Legacy write" } });
    expect(made.status).toBe(201);
    expect((await call(apiKeys.GET, { key: org.key })).body.api_keys.find((k: { id: string }) => k.id === org.apiKeyId).scopes).toEqual(["full_access"]);
  });
});
