import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Scope } from "@/lib/tenancy/scope";
import { permissionsOfRole, type Role } from "@/lib/tenancy/permissions";

// Roles are checked by withOrg before any handler runs; sessions (the only way to act as a
// member) need a Next.js request, so the scope is stubbed here, with the rate limiter and the
// data layer.
let scope: Scope;
vi.mock("@/lib/api/scope", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/api/scope")>()),
  resolveCaller: vi.fn(async () => scope),
}));
vi.mock("@/lib/api/rate-limit", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/api/rate-limit")>()),
  consumeRequestRateLimit: vi.fn(async () => ({ allowed: true, limit: 100, remaining: 99, resetAt: new Date() })),
}));
vi.mock("@/lib/provider-keys/provider-keys", () => ({
  findProviderKeys: vi.fn(async () => []),
  saveProviderKey: vi.fn(async () => ({ key: {}, isNew: true })),
  deleteProviderKey: vi.fn(async () => undefined),
  findProviderKeyIds: vi.fn(async () => ({ openai_secret_id: null })),
  findProviderKeyConfig: vi.fn(async () => ({ providers: [], categories: [] })),
}));
vi.mock("@/lib/provider-keys/test-key", () => ({ testProviderKey: vi.fn(async () => ({ ok: true, message: "fine" })) }));

const routes = await import("./provider-keys");
const keys = await import("@/lib/provider-keys/provider-keys");

const as = (role: Role): Scope => ({ principal: { kind: "user", userId: "user-1" }, homeOrganizationId: "org-1", organizationId: "org-1", permissions: permissionsOfRole(role) });
const request = (method: string, body?: unknown) =>
  new Request("http://127.0.0.1/api/v1/byok", { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });

describe("provider key roles", () => {
  beforeEach(() => vi.clearAllMocks());

  it("lets members list the masked keys", async () => {
    scope = as("member");
    const res = await routes.listProviderKeys(request("GET"), ctx());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ byok_keys: { openai_secret_id: null }, keys: [] });
  });

  it("forbids members to add, delete or test keys, before touching any data", async () => {
    scope = as("member");
    const responses = [
      await routes.postProviderKey(request("POST", { provider: "openai", api_key: "sk-x" }), ctx()),
      await routes.removeProviderKey(request("DELETE", { provider: "openai" }), ctx()),
      await routes.removeProviderKeyByProvider(request("DELETE"), ctx({ provider: "openai" })),
      await routes.postProviderKeyTest(request("POST", { provider: "openai" }), ctx()),
    ];
    for (const res of responses) {
      expect(res.status).toBe(403);
      expect((await res.json()).error).toMatchObject({ code: "forbidden", type: "permission_error" });
    }
    expect(keys.saveProviderKey).not.toHaveBeenCalled();
    expect(keys.deleteProviderKey).not.toHaveBeenCalled();
  });

  it.each(["admin", "owner"] as const)("lets an %s add, delete and test keys", async (role) => {
    scope = as(role);
    expect((await routes.postProviderKey(request("POST", { provider: "openai", api_key: "sk-x" }), ctx())).status).toBe(201);
    expect((await routes.removeProviderKey(request("DELETE", { provider: "openai" }), ctx())).status).toBe(200);
    expect((await routes.removeProviderKeyByProvider(request("DELETE"), ctx({ provider: "openai" }))).status).toBe(200);
    expect((await routes.postProviderKeyTest(request("POST", { provider: "openai" }), ctx())).status).toBe(200);
  });
});
