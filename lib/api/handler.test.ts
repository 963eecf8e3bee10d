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
// As the portal sends writes: JSON, from its own origin.
const invoke = (handler: ReturnType<typeof withOrg>, headers: Record<string, string> = {}) =>
  handler(new Request("http://127.0.0.1/api/v1/test", { method: "POST", headers: { "content-type": "application/json", ...headers } }), { params: Promise.resolve({}) });

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

describe("error form", () => {
  const failing = withOrg(async () => { throw new AppError("validation_error", "name: is required", "name"); });
  const inHandler = withOrg(async () => json({ error: { code: "rate_limit_exceeded", message: "At most 10", param: null, type: "rate_limit_error" } }, 429));

  it("is nested by default, flat for the HMS SDK's User-Agent or X-Error-Format: flat, with one code in both", async () => {
    const nested = await invoke(failing);
    expect(await nested.json()).toEqual({ error: { code: "validation_error", message: "name: is required", param: "name", type: "invalid_request_error" } });
    const flat = { error: "name: is required", message: "name: is required", code: "validation_error", param: "name", type: "validation_error" };
    const sdk = await invoke(failing, { "user-agent": "hmsovereign-node/1.0.0" });
    expect(sdk.status).toBe(422);
    expect(await sdk.json()).toEqual(flat);
    expect(sdk.headers.get("x-ratelimit-limit")).toBe("1000");
    expect(await (await invoke(failing, { "x-error-format": "flat" })).json()).toEqual(flat);
    // The explicit header wins over the User-Agent.
    const forced = await invoke(failing, { "user-agent": "hmsovereign-node/1.0.0", "x-error-format": "nested" });
    expect((await forced.json()).error.code).toBe("validation_error");
  });

  it("rewrites error bodies a handler builds itself, and leaves successes alone", async () => {
    const res = await invoke(inHandler, { "x-error-format": "flat" });
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ error: "At most 10", message: "At most 10", code: "rate_limit_exceeded", param: null, type: "rate_limit_exceeded" });
    const ok = await invoke(withOrg(async () => json({ error: { code: "x" } })), { "x-error-format": "flat" });
    expect(await ok.json()).toEqual({ error: { code: "x" } });
  });

  it("reaches an unauthenticated caller too", async () => {
    stubs.scope = new AppError("unauthorized", "Missing API key or session");
    const res = await invoke(failing, { "user-agent": "hmsovereign-node/1.0.0" });
    expect(res.status).toBe(401);
    expect((await res.json()).error).toBe("Missing API key or session");
  });
});

describe("cookie-authenticated writes (CSRF)", () => {
  const write = withOrg(async () => json({ ok: true }, 201));
  const send = (method: string, headers: Record<string, string>) =>
    write(new Request("http://127.0.0.1:3000/api/v1/test", { method, headers }), { params: Promise.resolve({}) });
  const apiKey = (): Scope => ({ principal: { kind: "api_key", apiKeyId: "key-1" }, homeOrganizationId: "org-1", organizationId: "org-1", permissions: permissionsOfRole("owner") });

  it("pass from the portal's own origin with a JSON body type", async () => {
    expect((await send("POST", { "content-type": "application/json", origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" })).status).toBe(201);
    expect((await send("DELETE", { "content-type": "application/json; charset=utf-8", origin: "http://127.0.0.1:3000" })).status).toBe(201);
    // Behind a TLS-terminating proxy the URL says http; the browser addressed the Host it names.
    expect((await send("POST", { "content-type": "application/json", origin: "https://portal.example.com", host: "portal.example.com" })).status).toBe(201);
    expect((await send("POST", { "content-type": "application/json", origin: "https://portal.example.com", host: "127.0.0.1:3000", "x-forwarded-host": "portal.example.com" })).status).toBe(201);
  });

  it("answer 415 to a cookie write that is not JSON (a form or text/plain POST), naming Content-Type", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const res = await send("POST", { "content-type": type, "sec-fetch-site": "same-origin" });
      expect(res.status, type).toBe(415);
      expect((await res.json()).error).toMatchObject({ code: "unsupported_media_type", param: "Content-Type" });
    }
    expect((await send("PATCH", {})).status).toBe(415);
  });

  it("accept an upload's declared media type (the origin is still checked)", async () => {
    const upload = withOrg(async () => json({ ok: true }, 201), { bodyMedia: ["text/csv", "multipart/form-data"] });
    const post = (headers: Record<string, string>) => upload(new Request("http://127.0.0.1:3000/api/v1/test", { method: "POST", headers }), { params: Promise.resolve({}) });
    expect((await post({ "content-type": "multipart/form-data; boundary=x", "sec-fetch-site": "same-origin" })).status).toBe(201);
    expect((await post({ "content-type": "text/csv", origin: "http://127.0.0.1:3000" })).status).toBe(201);
    expect((await post({ "content-type": "text/plain", "sec-fetch-site": "same-origin" })).status).toBe(415);
    expect((await post({ "content-type": "multipart/form-data; boundary=x", origin: "http://evil.example", "sec-fetch-site": "cross-site" })).status).toBe(403);
  });

  it("answer 403 to a cookie write from another origin, a sibling subdomain included", async () => {
    const forged: Record<string, string>[] = [
      { origin: "http://evil.example", "sec-fetch-site": "cross-site" },
      { origin: "http://tenant-b.127.0.0.1.nip.io:3000", "sec-fetch-site": "same-site" },
      { origin: "http://127.0.0.1:3001" },
      { origin: "https://evil.example", host: "portal.example.com" },
      { "sec-fetch-site": "same-site" },
      { origin: "null" },
    ];
    for (const headers of forged) {
      const res = await send("POST", { "content-type": "application/json", ...headers });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect((await res.json()).error).toMatchObject({ code: "forbidden", param: "Origin" });
    }
  });

  it("leave reads and API-key requests alone", async () => {
    const read = withOrg(async () => json({ ok: true }));
    const get = await read(new Request("http://127.0.0.1:3000/api/v1/test", { headers: { origin: "http://evil.example", "sec-fetch-site": "cross-site" } }), { params: Promise.resolve({}) });
    expect(get.status).toBe(200);
    stubs.scope = apiKey();
    expect((await send("POST", { "content-type": "text/plain", origin: "http://evil.example", "sec-fetch-site": "cross-site" })).status).toBe(201);
  });
});

describe("request bodies", () => {
  const op = defineOperation({
    operationId: "bodyTest", method: "post", path: "/bodies", tags: ["Test"], summary: "Test",
    body: z.object({ text: z.string(), nested: z.object({ note: z.string() }).optional() }).strict(),
    responses: { 200: { description: "ok", schema: z.object({ length: z.number() }) } },
  });
  const small = route({ ...op, maxBodyBytes: 64 }, async ({ body }) => ({ length: body.text.length }));
  const standard = route(op, async ({ body }) => ({ length: body.text.length }));
  const post = (handler: (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>, body: BodyInit, headers: Record<string, string> = {}) =>
    handler(new Request("http://127.0.0.1/api/v1/bodies", { method: "POST", headers: { "content-type": "application/json", ...headers }, body, duplex: "half" } as RequestInit), { params: Promise.resolve({}) });

  beforeEach(() => {
    stubs.scope = user("owner");
  });

  it("refuses a declared Content-Length over the route's limit with 413 without reading the body", async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({ pull(controller) { pulled++; controller.enqueue(new Uint8Array(16)); } });
    const res = await post(small, stream, { "content-length": "100000" });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatchObject({ code: "payload_too_large", message: "Request body exceeds the limit of 64 bytes for this endpoint" });
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it("stops reading a chunked body once it passes the limit", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({ pull(controller) { pulled++; controller.enqueue(new Uint8Array(1024).fill(32)); } });
    const res = await post(standard, endless);
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toBe("Request body exceeds the limit of 1 MB for this endpoint");
    expect(pulled).toBeLessThan(1030);
  });

  it("reads bodies up to the limit", async () => {
    const res = await post(small, JSON.stringify({ text: "x".repeat(40) }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ length: 40 });
  });

  it("refuses NUL characters in any JSON string or key, and in the query, with 422 naming the field", async () => {
    const inValue = await post(standard, JSON.stringify({ text: "ok", nested: { note: "a\u0000b" } }));
    expect(inValue.status).toBe(422);
    expect((await inValue.json()).error).toMatchObject({ code: "validation_error", param: "nested.note" });
    const inKey = await post(standard, JSON.stringify({ text: "ok", ["x\u0000"]: 1 }));
    expect(inKey.status).toBe(422);
    const listing = route(defineOperation({ operationId: "q", method: "get", path: "/q", tags: [], summary: "q", query: z.object({ q: z.string().optional() }), responses: { 200: { description: "ok" } } }), async () => ({}));
    const res = await listing(new Request("http://127.0.0.1/api/v1/q?q=a%00b"), { params: Promise.resolve({}) });
    expect(res.status).toBe(422);
    expect((await res.json()).error.param).toBe("q");
    const long = await listing(new Request(`http://127.0.0.1/api/v1/q?q=${"a".repeat(17 * 1024)}`), { params: Promise.resolve({}) });
    expect(long.status).toBe(431);
  });
});
