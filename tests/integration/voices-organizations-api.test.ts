import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { call, useFreshDatabase } from "./support";

let voices: typeof import("@/app/api/v1/voices/route");
let organizations: typeof import("@/app/api/v1/organizations/route");
let account: typeof import("@/app/api/v1/account/route");
let assistants: typeof import("@/app/api/v1/assistants/route");
let db: typeof import("@/lib/db").db;
let orgA: Awaited<ReturnType<typeof import("./factories").createOrgWithKey>>;
let orgB: typeof orgA;

beforeAll(async () => {
  await useFreshDatabase();
  voices = await import("@/app/api/v1/voices/route");
  organizations = await import("@/app/api/v1/organizations/route");
  account = await import("@/app/api/v1/account/route");
  assistants = await import("@/app/api/v1/assistants/route");
  db = (await import("@/lib/db")).db;
  const { createOrgWithKey } = await import("./factories");
  orgA = await createOrgWithKey("voices-a");
  orgB = await createOrgWithKey("voices-b");
});

type Voice = { id: string; name: string; provider: string; language: string; gender?: string; preview_available: boolean };
const listVoices = async (query = "", key = orgA.key) => call(voices.GET, { key, path: `/api/v1/voices${query}` });

describe("GET /api/v1/voices", () => {
  it("lists the catalogue of every provider", async () => {
    const res = await listVoices();
    expect(res.status).toBe(200);
    const all: Voice[] = res.body.voices;
    expect(new Set(all.map((v) => v.provider))).toEqual(new Set(["elevenlabs", "openai", "inworld"]));
    expect(all.filter((v) => v.provider === "elevenlabs").length).toBeGreaterThanOrEqual(12);
    expect(all.find((v) => v.id === "21m00Tcm4TlvDq8ikWAM")).toMatchObject({ name: "Rachel", provider: "elevenlabs", language: "en", gender: "female", preview_available: false });
    expect(all.filter((v) => v.provider === "openai").map((v) => v.id)).toEqual(
      ["alloy", "ash", "ballad", "coral", "echo", "fable", "nova", "onyx", "sage", "shimmer", "verse"],
    );
    for (const v of all) expect(typeof v.preview_available).toBe("boolean");
  });

  it("filters by provider and language", async () => {
    const openai: Voice[] = (await listVoices("?provider=openai")).body.voices;
    expect(openai.length).toBe(11);
    expect(openai.every((v) => v.provider === "openai")).toBe(true);
    const dutch: Voice[] = (await listVoices("?language=nl")).body.voices;
    expect(dutch.map((v) => v.name)).toEqual(expect.arrayContaining(["Katrien", "Erik"]));
    expect(dutch.every((v) => v.language === "nl" && v.provider === "inworld")).toBe(true);
    expect((await listVoices("?provider=elevenlabs&language=nl")).body.voices).toEqual([]);
  });

  it("rejects unknown filter values with 422 and the param", async () => {
    const provider = await listVoices("?provider=cartesia");
    expect(provider.status).toBe(422);
    expect(provider.body.error).toMatchObject({ code: "validation_error", param: "provider" });
    const language = await listVoices("?language=klingon");
    expect(language.status).toBe(422);
    expect(language.body.error.param).toBe("language");
  });

  it("requires an API key", async () => {
    expect((await call(voices.GET)).status).toBe(401);
  });
});

describe("GET /api/v1/organizations", () => {
  it("answers the caller's organisation with its counters and direct children", async () => {
    const active = await call(assistants.POST, { method: "POST", key: orgA.key, body: { name: "On" } });
    await call(assistants.POST, { method: "POST", key: orgA.key, body: { name: "Also on" } });
    await call(assistants.POST, { method: "POST", key: orgA.key, body: { name: "Off", is_active: false } });
    await call(assistants.POST, { method: "POST", key: orgB.key, body: { name: "Other tenant" } });
    const snapshot = active.body.assistant;
    const newCall = (status: "connecting" | "in_progress" | "ended", organizationId = orgA.organization.id) => {
      const id = randomUUID();
      return db.call.create({ data: { id, organizationId, type: "web", status, roomName: `call-${id}`, assistantSnapshot: snapshot } });
    };
    await newCall("in_progress");
    await newCall("in_progress");
    await newCall("ended");
    await newCall("in_progress", orgB.organization.id);
    const child = await db.organization.create({
      data: { name: "Child of A", slug: `child-${randomUUID().slice(0, 8)}`, kind: "client", parentId: orgA.organization.id },
    });

    const res = await call(organizations.GET, { key: orgA.key });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: orgA.organization.id,
      name: orgA.organization.name,
      slug: orgA.organization.slug,
      kind: "client",
      parent_org_id: null,
      created_at: orgA.organization.createdAt.toISOString(),
      active_agents: 2,
      active_calls: 2,
      active_numbers: 0,
      // The ended call has no ended_at, so it is not this month's usage.
      monthly_usage_minutes: 0,
      minutes_balance: null,
      credits_balance: null,
      content_retention_days: null,
      metadata_retention_days: null,
      children: [{ id: child.id, name: "Child of A", slug: child.slug, kind: "client", parent_org_id: orgA.organization.id, created_at: child.createdAt.toISOString() }],
    });

    const b = await call(organizations.GET, { key: orgB.key });
    expect(b.body).toMatchObject({ id: orgB.organization.id, active_agents: 1, active_calls: 1, children: [] });
  });

  it("answers a child's parent_org_id", async () => {
    const { createApiKey } = await import("@/lib/api-keys/api-keys");
    const child = await db.organization.findFirstOrThrow({ where: { parentId: orgA.organization.id } });
    const { key } = await createApiKey({ organizationId: child.id }, { name: "child" });
    const res = await call(organizations.GET, { key });
    expect(res.body).toMatchObject({ id: child.id, parent_org_id: orgA.organization.id, children: [] });
  });

  it("keeps GET /account as a deprecated alias", async () => {
    const res = await call(account.GET, { key: orgA.key });
    expect(res.status).toBe(200);
    expect(res.body).toEqual((await call(organizations.GET, { key: orgA.key })).body);
  });

  it("requires an API key", async () => {
    expect((await call(organizations.GET)).status).toBe(401);
    expect((await call(account.GET)).status).toBe(401);
  });
});
