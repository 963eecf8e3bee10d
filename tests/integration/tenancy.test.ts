import { randomBytes, randomUUID } from "node:crypto";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { PortalSession } from "@/lib/auth/session";
import { call, useFreshDatabase } from "./support";

// The acting organisation: a principal works on its own organisation, or on a descendant it
// names in X-Organization-Id; never on its parent, a sibling or another tenant.
// Portal sessions need Next.js's request context, so the session lookup is stubbed.
const session = vi.hoisted(() => ({ current: null as PortalSession | null }));
vi.mock("@/lib/auth/session", () => ({ getPortalSession: vi.fn(async () => session.current) }));

let assistants: typeof import("@/app/api/v1/assistants/route");
let organizations: typeof import("@/app/api/v1/organizations/route");
let apiKeys: typeof import("@/app/api/v1/api-keys/route");
let db: typeof import("@/lib/db").db;
let tree: typeof import("@/lib/tenancy/organization-tree");
let createApiKey: typeof import("@/lib/api-keys/api-keys").createApiKey;

type Org = { id: string; name: string; key: string };
let platform: Org, partner: Org, client: Org, sibling: Org, stranger: Org;

async function org(kind: "platform" | "partner" | "client", parentId: string | null, assistantNames: string[] = []): Promise<Org> {
  const suffix = randomBytes(4).toString("hex");
  const row = await db.organization.create({ data: { name: `${kind} ${suffix}`, slug: `${kind}-${suffix}`, kind, parentId } });
  const { key } = await createApiKey({ organizationId: row.id }, { name: "test" });
  for (const name of assistantNames) {
    const res = await call(assistants.POST, { method: "POST", key, body: { name } });
    expect(res.status).toBe(201);
  }
  return { id: row.id, name: row.name, key };
}

const actingOn = (id: string) => ({ "x-organization-id": id });
const names = (res: Awaited<ReturnType<typeof call>>) => res.body.assistants.map((a: { name: string }) => a.name).sort();

beforeAll(async () => {
  await useFreshDatabase();
  assistants = await import("@/app/api/v1/assistants/route");
  organizations = await import("@/app/api/v1/organizations/route");
  apiKeys = await import("@/app/api/v1/api-keys/route");
  db = (await import("@/lib/db")).db;
  tree = await import("@/lib/tenancy/organization-tree");
  ({ createApiKey } = await import("@/lib/api-keys/api-keys"));
  platform = await org("platform", null, ["Platform assistant"]);
  partner = await org("partner", platform.id, ["Partner assistant"]);
  client = await org("client", partner.id, ["Client receptionist", "Client sales"]);
  sibling = await org("client", partner.id, ["Sibling assistant"]);
  stranger = await org("client", null, ["Stranger assistant"]);
});

beforeEach(() => {
  session.current = null;
});

describe("isDescendantOrSelf", () => {
  it("follows the tree downwards only", async () => {
    expect(await tree.isDescendantOrSelf(partner.id, partner.id)).toBe(true);
    expect(await tree.isDescendantOrSelf(partner.id, client.id)).toBe(true);
    expect(await tree.isDescendantOrSelf(platform.id, client.id)).toBe(true);
    expect(await tree.isDescendantOrSelf(client.id, partner.id)).toBe(false);
    expect(await tree.isDescendantOrSelf(client.id, sibling.id)).toBe(false);
    expect(await tree.isDescendantOrSelf(partner.id, stranger.id)).toBe(false);
    expect(await tree.isDescendantOrSelf(partner.id, randomUUID())).toBe(false);
  });
});

describe("X-Organization-Id", () => {
  it("lets a partner key act on its client: it reads and writes the client's assistants", async () => {
    const own = await call(assistants.GET, { key: partner.key });
    expect(names(own)).toEqual(["Partner assistant"]);

    const read = await call(assistants.GET, { key: partner.key, headers: actingOn(client.id) });
    expect(read.status).toBe(200);
    expect(names(read)).toEqual(["Client receptionist", "Client sales"]);
    expect((await call(organizations.GET, { key: partner.key, headers: actingOn(client.id) })).body).toMatchObject({ id: client.id, parent_org_id: partner.id });

    const made = await call(assistants.POST, { method: "POST", key: partner.key, headers: actingOn(client.id), body: { name: "Made by the partner" } });
    expect(made.status).toBe(201);
    expect((await db.assistant.findUniqueOrThrow({ where: { id: made.body.assistant.id } })).organizationId).toBe(client.id);
    expect(names(await call(assistants.GET, { key: client.key }))).toContain("Made by the partner");
    await db.assistant.delete({ where: { id: made.body.assistant.id } });
  });

  it("reaches grandchildren, and accepts the home organisation itself (any case)", async () => {
    expect(names(await call(assistants.GET, { key: platform.key, headers: actingOn(client.id) }))).toEqual(["Client receptionist", "Client sales"]);
    expect(names(await call(assistants.GET, { key: client.key, headers: actingOn(client.id.toUpperCase()) }))).toEqual(["Client receptionist", "Client sales"]);
  });

  it("refuses a client key acting on its parent, a sibling, another tenant or an unknown id: 404, nothing revealed", async () => {
    for (const id of [partner.id, platform.id, sibling.id, stranger.id, randomUUID()]) {
      for (const res of [
        await call(assistants.GET, { key: client.key, headers: actingOn(id) }),
        await call(assistants.POST, { method: "POST", key: client.key, headers: actingOn(id), body: { name: "Planted" } }),
      ]) {
        expect(res.status, id).toBe(404);
        expect(res.body.error).toEqual({ code: "not_found", message: "Organization not found", param: null, type: "not_found_error" });
      }
    }
    expect(await db.assistant.count({ where: { name: "Planted" } })).toBe(0);
    // Siblings under one partner do not see each other either way.
    expect((await call(assistants.GET, { key: sibling.key, headers: actingOn(client.id) })).status).toBe(404);
  });

  it("answers a malformed id with 400 naming the header", async () => {
    for (const value of ["not-a-uuid", "", `${client.id}, ${partner.id}`]) {
      const res = await call(assistants.GET, { key: partner.key, headers: actingOn(value) });
      expect(res.status, value).toBe(400);
      expect(res.body.error).toMatchObject({ code: "invalid_request", param: "X-Organization-Id", type: "invalid_request_error" });
      expect(res.body.error.message).toContain("X-Organization-Id");
    }
  });

  it("answers a bad header after counting the caller: the 400 and the 404 carry its X-RateLimit-* headers", async () => {
    const { key } = await createApiKey({ organizationId: client.id }, { name: "counted" });
    const first = await call(assistants.GET, { key });
    const remaining = Number(first.headers.get("x-ratelimit-remaining"));
    const malformed = await call(assistants.GET, { key, headers: actingOn("not-a-uuid") });
    expect(malformed.status).toBe(400);
    const unknown = await call(assistants.POST, { method: "POST", key, headers: actingOn(partner.id), body: { name: "Planted" } });
    expect(unknown.status).toBe(404);
    for (const [res, left] of [[malformed, remaining - 1], [unknown, remaining - 2]] as const) {
      expect(res.headers.get("x-ratelimit-limit")).toBe(first.headers.get("x-ratelimit-limit"));
      expect(res.headers.get("x-ratelimit-remaining")).toBe(String(left));
      expect(Number(res.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
    }
  });

  it("keeps the key's scopes on the organisation it acts on", async () => {
    const { key } = await createApiKey({ organizationId: partner.id }, { name: "partner reader", scopes: ["read_only"] });
    expect((await call(assistants.GET, { key, headers: actingOn(client.id) })).status).toBe(200);
    const write = await call(assistants.POST, { method: "POST", key, headers: actingOn(client.id), body: { name: "Nope" } });
    expect(write.status).toBe(403);
    expect(write.body.error.message).toContain("assistants.write");
  });

  it("applies to portal sessions too: the session's organisation is the home one", async () => {
    const user = await db.user.create({ data: { email: `partner-${randomBytes(4).toString("hex")}@example.com`, passwordHash: "x" } });
    const membership = { organizationId: partner.id, organizationName: partner.name, organizationKind: "partner" as const, role: "admin" as const };
    session.current = { userId: user.id, email: user.email, name: null, ...membership, memberships: [membership] };
    const cookie = { cookie: "next-auth.session-token=stubbed" };
    expect(names(await call(assistants.GET, { headers: { ...cookie, ...actingOn(client.id) } }))).toEqual(["Client receptionist", "Client sales"]);
    expect((await call(apiKeys.GET, { headers: { ...cookie, ...actingOn(stranger.id) } })).status).toBe(404);
  });
});
