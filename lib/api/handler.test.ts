import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Scope } from "@/lib/tenancy/scope";
import { permissionsOfRole, type Role } from "@/lib/tenancy/permissions";
import type { RateLimitResult } from "@/lib/api/rate-limit";
import { AppError } from "@/lib/errors/app-error";

// The wrapper with a stubbed caller (sessions cannot be made outside Next.js) and a
// stubbed counter; the role check and header formatting are the real ones.
const stubs = vi.hoisted(() => ({ scope: null as Scope | Error | null, limit: null as RateLimitResult | null }));

vi.mock("@/lib/api/scope", async (importActual) => ({
  ...(await importActual<typeof import("@/lib/api/scope")>()),
  resolveScope: vi.fn(async () => {
    if (stubs.scope instanceof Error) throw stubs.scope;
    return stubs.scope;
  }),
}));
vi.mock("@/lib/api/rate-limit", async (importActual) => ({
  ...(await importActual<typeof import("@/lib/api/rate-limit")>()),
  consumeRequestRateLimit: vi.fn(async () => stubs.limit),
}));

const { withOrg, json } = await import("./handler");

const user = (role: Role): Scope => ({ principal: { kind: "user", userId: "user-1" }, homeOrganizationId: "org-1", organizationId: "org-1", permissions: permissionsOfRole(role) });
const resetAt = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
const invoke = (handler: ReturnType<typeof withOrg>) => handler(new Request("http://127.0.0.1/api/v1/test", { method: "POST" }), { params: Promise.resolve({}) });

beforeEach(() => {
  stubs.scope = user("member");
  stubs.limit = { allowed: true, limit: 1000, remaining: 999, resetAt };
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
