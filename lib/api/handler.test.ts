import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Scope } from "@/lib/tenancy/scope";
import { permissionsOfRole, type Role } from "@/lib/tenancy/permissions";
import type { RateLimitResult } from "@/lib/api/rate-limit";
import { AppError } from "@/lib/errors/app-error";
import { z } from "zod";
import { defineOperation, uuidParam } from "./operation";

// The wrapper with a stubbed caller (sessions cannot be made outside Next.js) and a
// stubbed counter; the acting organisation, the role check and header formatting are the
// real ones.
const stubs = vi.hoisted(() => ({ scope: null as Scope | Error | null, limit: null as RateLimitResult | null, audited: [] as unknown[][] }));

vi.mock("@/lib/api/scope", async (importActual) => ({
  ...(await importActual<typeof import("@/lib/api/scope")>()),
  resolveCaller: vi.fn(async () => {
    if (stubs.scope instanceof Error) throw stubs.scope;
    return stubs.scope;
  }),
}));
vi.mock("@/lib/api/rate-limit", async (importActual) => ({
  ...(await importActual<typeof import("@/lib/api/rate-limit")>()),
  consumeRequestRateLimit: vi.fn(async () => stubs.limit),
}));

// The audit log's table is the integration tier's; here, what the wrapper hands it.
vi.mock("@/lib/audit/audit-log", () => ({ recordAuditEntry: vi.fn(async (...args: unknown[]) => void stubs.audited.push(args)) }));

const { withOrg, json, route } = await import("./handler");

const user = (role: Role): Scope => ({ principal: { kind: "user", userId: "user-1" }, homeOrganizationId: "org-1", organizationId: "org-1", permissions: permissionsOfRole(role) });
const resetAt = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
const invoke = (handler: ReturnType<typeof withOrg>, headers: Record<string, string> = {}) =>
  handler(new Request("http://127.0.0.1/api/v1/test", { method: "POST", headers }), { params: Promise.resolve({}) });

beforeEach(() => {
  stubs.scope = user("member");
  stubs.limit = { allowed: true, limit: 1000, remaining: 999, resetAt };
  stubs.audited = [];
});

describe("withOrg", () => {
  const adminOnly = withOrg(async () => json({ ok: true }, 201), { permission: "assistants.write" });
  const anyone = withOrg(async ({ scope }) => json({ principal: scope.principal.kind }));

  it("answers 403 naming the missing permission to a member on a write route, with the rate-limit headers", async () => {
    const res = await invoke(adminOnly);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: "forbidden", message: "This action requires the assistants.write permission", param: null, type: "permission_error" } });
    expect(res.headers.get("x-ratelimit-limit")).toBe("1000");
    expect(res.headers.get("x-ratelimit-remaining")).toBe("999");
    expect(res.headers.get("x-ratelimit-reset")).toBe(String(resetAt.getTime() / 1000));
    expect(res.headers.get("retry-after")).toBeNull();
  });

  it("lets admins and owners through to write routes, and members to open ones", async () => {
    for (const role of ["admin", "owner"] as const) {
      stubs.scope = user(role);
      expect((await invoke(adminOnly)).status).toBe(201);
    }
    stubs.scope = user("member");
    const res = await invoke(anyone);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ principal: "user" });
    expect(res.headers.get("x-ratelimit-remaining")).toBe("999");
  });

  it("refuses an exhausted caller with 429 and Retry-After before checking the role", async () => {
    stubs.limit = { allowed: false, limit: 100, remaining: 0, resetAt };
    const res = await invoke(adminOnly);
    expect(res.status).toBe(429);
    expect((await res.json()).error).toMatchObject({ code: "rate_limit_exceeded", type: "rate_limit_error" });
    expect(res.headers.get("x-ratelimit-remaining")).toBe("0");
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it("rate-limits the caller before reading X-Organization-Id: a malformed one is a 400 with the headers", async () => {
    const res = await invoke(anyone, { "x-organization-id": "not-a-uuid" });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "invalid_request", param: "X-Organization-Id" });
    expect(res.headers.get("x-ratelimit-limit")).toBe("1000");
    expect(res.headers.get("x-ratelimit-remaining")).toBe("999");
    expect(res.headers.get("x-ratelimit-reset")).toBe(String(resetAt.getTime() / 1000));
    // An exhausted caller is refused as such, whatever the header says.
    stubs.limit = { allowed: false, limit: 100, remaining: 0, resetAt };
    const limited = await invoke(anyone, { "x-organization-id": "not-a-uuid" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).not.toBeNull();
  });

  it("acts on the caller's home organisation without the header, and on the one it names when that is home", async () => {
    const acting = withOrg(async ({ scope }) => json({ organizationId: scope.organizationId, home: scope.homeOrganizationId }));
    expect(await (await invoke(acting)).json()).toEqual({ organizationId: "org-1", home: "org-1" });
    stubs.scope = { ...user("member"), homeOrganizationId: "0B9A5D6E-1C2F-4A3B-8D7E-6F5A4B3C2D1E".toLowerCase(), organizationId: "ignored" };
    const named = await invoke(acting, { "x-organization-id": "0B9A5D6E-1C2F-4A3B-8D7E-6F5A4B3C2D1E" });
    expect(await named.json()).toEqual({ organizationId: "0b9a5d6e-1c2f-4a3b-8d7e-6f5a4b3c2d1e", home: "0b9a5d6e-1c2f-4a3b-8d7e-6f5a4b3c2d1e" });
  });

  it("sends no rate-limit headers with a 401 (no caller to count against)", async () => {
    stubs.scope = new AppError("unauthorized", "Missing API key or session");
    const res = await invoke(anyone);
    expect(res.status).toBe(401);
    expect(res.headers.get("x-ratelimit-limit")).toBeNull();
  });

  it("adds the headers to handler errors and to responses with immutable headers", async () => {
    const failing = withOrg(async () => { throw new AppError("not_found", "Assistant not found"); });
    const failed = await invoke(failing);
    expect(failed.status).toBe(404);
    expect(failed.headers.get("x-ratelimit-limit")).toBe("1000");

    const immutable = withOrg(async () => Response.redirect("http://127.0.0.1/elsewhere", 302));
    const redirected = await invoke(immutable);
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get("location")).toBe("http://127.0.0.1/elsewhere");
    expect(redirected.headers.get("x-ratelimit-limit")).toBe("1000");
  });
});

describe("route", () => {
  const post = defineOperation({
    operationId: "testPost", method: "post", path: "/things/{id}", params: { id: uuidParam("Thing") }, tags: ["Test"], permission: "assistants.write",
    summary: "Test", query: z.object({ n: z.coerce.number().int().default(1) }), body: z.object({ name: z.string().min(1) }).strict(),
    responses: { 200: { description: "Replaced", schema: z.object({ id: z.string(), n: z.number(), name: z.string() }) }, 201: { description: "Created", schema: z.object({ id: z.string() }) } },
  });
  const things = route(post, async ({ params, query, body, reply }) => (body.name === "new" ? reply(201, { id: params.id }) : { id: params.id, n: query.n, name: body.name }));
  const ID = "0B9A5D6E-1C2F-4A3B-8D7E-6F5A4B3C2D1E";
  const send = (body: string | undefined, { id = ID, query = "" } = {}) =>
    things(new Request(`http://127.0.0.1/api/v1/things/${id}${query}`, { method: "POST", headers: { "content-type": "application/json" }, body }), { params: Promise.resolve({ id }) });

  beforeEach(() => {
    stubs.scope = user("admin");
  });

  it("hands typed, parsed values to the handler and answers with the lowest success status", async () => {
    const res = await send(JSON.stringify({ name: "x" }), { query: "?n=7" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: ID.toLowerCase(), n: 7, name: "x" });
    expect(res.headers.get("x-ratelimit-limit")).toBe("1000");
    const created = await send(JSON.stringify({ name: "new" }));
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ id: ID.toLowerCase() });
  });

  it("answers 404 for a path id that cannot exist, 400 for bad JSON, 422 for invalid fields", async () => {
    const missing = await send(JSON.stringify({ name: "x" }), { id: "nope" });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toMatchObject({ code: "not_found", message: "Thing not found" });
    const malformed = await send("{");
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe("invalid_json");
    const notObject = await send("[1]");
    expect((await notObject.json()).error.code).toBe("invalid_request");
    const invalid = await send(JSON.stringify({ name: "" }));
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).error).toMatchObject({ code: "validation_error", param: "name" });
    const extra = await send(JSON.stringify({ name: "x", other: 1 }));
    expect((await extra.json()).error.param).toBe("other");
    const badQuery = await send(JSON.stringify({ name: "x" }), { query: "?n=1.5" });
    expect(badQuery.status).toBe(422);
    expect((await badQuery.json()).error.param).toBe("n");
  });

  it("checks the definition's permission before reading the body", async () => {
    stubs.scope = user("member");
    const res = await send("{");
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toBe("This action requires the assistants.write permission");
  });

  it("records every write in the audit log with its status, refused ones included, and no read", async () => {
    await send(JSON.stringify({ name: "x" }));
    stubs.scope = user("member");
    await send("{");
    expect(stubs.audited).toEqual([
      [expect.objectContaining({ organizationId: "org-1" }), { operationId: "testPost", method: "POST", path: `/things/${ID}`, status: 200 }],
      [expect.objectContaining({ organizationId: "org-1" }), { operationId: "testPost", method: "POST", path: `/things/${ID}`, status: 403 }],
    ]);
    const read = route(defineOperation({ operationId: "read", method: "get", path: "/read", tags: [], summary: "Read", responses: { 200: { description: "ok" } } }), async () => ({}));
    expect((await read(new Request("http://127.0.0.1/api/v1/read"), { params: Promise.resolve({}) })).status).toBe(200);
    // Nobody to attribute an unauthenticated write to: nothing recorded.
    stubs.scope = new AppError("unauthorized", "Missing API key or session");
    expect((await send(JSON.stringify({ name: "x" }))).status).toBe(401);
    expect(stubs.audited).toHaveLength(2);
  });

  it("serves public operations without a caller, and signed-url ones without one only when signed", async () => {
    stubs.scope = new AppError("unauthorized", "Missing API key or session");
    const open = route(defineOperation({ operationId: "open", method: "get", path: "/open", tags: [], auth: "none", summary: "Open", responses: { 200: { description: "ok" } } }), async ({ scope }) => ({ scope }));
    const openRes = await open(new Request("http://127.0.0.1/api/v1/open"), { params: Promise.resolve({}) });
    expect(openRes.status).toBe(200);
    expect(await openRes.json()).toEqual({ scope: null });
    expect(openRes.headers.get("x-ratelimit-limit")).toBeNull();

    const signed = route(
      defineOperation({ operationId: "signed", method: "get", path: "/signed", tags: [], auth: "signed-url", permission: "calls.read", summary: "Signed", responses: { 200: { description: "ok" } } }),
      async ({ scope }) => ({ anonymous: scope === null }),
    );
    const withSignature = await signed(new Request("http://127.0.0.1/api/v1/signed?expires=1&signature=ab"), { params: Promise.resolve({}) });
    expect(await withSignature.json()).toEqual({ anonymous: true });
    const unsigned = await signed(new Request("http://127.0.0.1/api/v1/signed"), { params: Promise.resolve({}) });
    expect(unsigned.status).toBe(401);
  });
});
