// The organisation tree over the API: platform → partners → clients, who may create what,
// what each sees (two partners with two clients each), PATCH with retention, the daily
// retention job on real rows and recording files, and the audit log of writes done while
// acting on a client.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, useFreshDatabase } from "./support";

let routes: {
  organizations: typeof import("@/app/api/v1/organizations/route");
  assistants: typeof import("@/app/api/v1/assistants/route");
  members: typeof import("@/app/api/v1/members/route");
  invitations: typeof import("@/app/api/v1/invitations/route");
  audit: typeof import("@/app/api/v1/audit-log/route");
};
let db: typeof import("@/lib/db").db;
let retention: typeof import("@/lib/organizations/retention");
let recordingsDir: string;
let outboxDir: string;

type Org = { id: string; key: string; name: string };
let platform: Org;
const partners: Org[] = [];
const clients: Org[][] = [];

const acting = (id: string) => ({ "x-organization-id": id });

async function create(parent: Org, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return call(routes.organizations.POST, { method: "POST", key: parent.key, body, headers });
}

async function createOk(parent: Org, name: string, headers: Record<string, string> = {}): Promise<Org> {
  const res = await create(parent, { name }, headers);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, key: res.body.api_key, name };
}

beforeAll(async () => {
  await useFreshDatabase();
  recordingsDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchboard-retention-"));
  outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchboard-outbox-"));
  Object.assign(process.env, { RECORDINGS_DIR: recordingsDir, MAIL_OUTBOX_DIR: outboxDir, APP_URL: "https://portal.example.test" });
  delete process.env.SMTP_URL;
  routes = {
    organizations: await import("@/app/api/v1/organizations/route"),
    assistants: await import("@/app/api/v1/assistants/route"),
    members: await import("@/app/api/v1/members/route"),
    invitations: await import("@/app/api/v1/invitations/route"),
    audit: await import("@/app/api/v1/audit-log/route"),
  };
  db = (await import("@/lib/db")).db;
  retention = await import("@/lib/organizations/retention");
  const { createApiKey } = await import("@/lib/api-keys/api-keys");
  const row = await db.organization.create({ data: { name: "Platform", slug: `platform-${randomBytes(3).toString("hex")}`, kind: "platform" } });
  platform = { id: row.id, key: (await createApiKey({ organizationId: row.id }, { name: "operator" })).key, name: row.name };
  for (const p of ["North Agency", "South Agency"]) {
    const partner = await createOk(platform, p);
    partners.push(partner);
    clients.push([await createOk(partner, `${p} client 1`), await createOk(partner, `${p} client 2`)]);
  }
}, 120_000);

afterAll(() => {
  fs.rmSync(recordingsDir, { recursive: true, force: true });
  fs.rmSync(outboxDir, { recursive: true, force: true });
});

describe("POST /organizations", () => {
  it("makes partners below the platform and clients below a partner, each with a working key shown once", async () => {
    const res = await create(platform, { name: "  West Agency " });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: "West Agency", kind: "partner", parent_org_id: platform.id });
    expect(res.body.api_key).toMatch(/^sb_live_/);
    expect(Object.keys(res.body).sort()).toEqual(["api_key", "created_at", "id", "kind", "name", "parent_org_id", "slug"]);
    const stored = await db.apiKey.findFirstOrThrow({ where: { organizationId: res.body.id } });
    expect(stored.hashedKey).not.toContain(res.body.api_key);
    const own = await call(routes.organizations.GET, { key: res.body.api_key });
    expect(own.body).toMatchObject({ id: res.body.id, kind: "partner", parent_org_id: platform.id });

    const client = await db.organization.findUniqueOrThrow({ where: { id: clients[0]![0]!.id } });
    expect(client).toMatchObject({ kind: "client", parentId: partners[0]!.id });
  });

  it("refuses a client (403) and names what is wrong in the body", async () => {
    const res = await create(clients[0]![0]!, { name: "Sub-client" });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("forbidden");
    for (const [body, param] of [
      [{}, "name"],
      [{ name: "" }, "name"],
      [{ name: "X", parent_org_id: "nope" }, "parent_org_id"],
      [{ name: "X", email: "not-an-email" }, "email"],
    ] as const) {
      const bad = await create(platform, body);
      expect(bad.status, JSON.stringify(body)).toBe(422);
      expect(bad.body.error.param).toBe(param);
    }
    expect((await call(routes.organizations.POST, { method: "POST", body: { name: "X" } })).status).toBe(401);
  });

  it("creates below parent_org_id only when the caller manages it: the platform below a partner, never a partner below a sibling", async () => {
    const viaPlatform = await create(platform, { name: "Placed by platform", parent_org_id: partners[1]!.id });
    expect(viaPlatform.status).toBe(201);
    expect(viaPlatform.body).toMatchObject({ kind: "client", parent_org_id: partners[1]!.id });
    for (const parent of [partners[1]!.id, clients[1]![0]!.id, platform.id]) {
      const res = await create(partners[0]!, { name: "Sneaky", parent_org_id: parent });
      expect(res.status, parent).toBe(404);
      expect(res.body.error).toMatchObject({ code: "not_found", param: "parent_org_id" });
    }
    // Acting on its client, a partner still cannot go below a client.
    expect((await create(partners[0]!, { name: "Deeper" }, acting(clients[0]![0]!.id))).status).toBe(403);
  });

  it("invites the owner named by email, in the outbox when no transport is configured", async () => {
    const res = await create(partners[0]!, { name: "Bella Pizza", email: "Owner@Bella.example" });
    expect(res.status).toBe(201);
    const invitation = await db.invitation.findFirstOrThrow({ where: { organizationId: res.body.id } });
    expect(invitation).toMatchObject({ email: "owner@bella.example", role: "owner" });
    const files = fs.readdirSync(outboxDir).filter((f) => f.endsWith(".json"));
    const messages = files.map((f) => JSON.parse(fs.readFileSync(path.join(outboxDir, f), "utf8")));
    const mail = messages.find((m) => m.to === "owner@bella.example");
    expect(mail.subject).toBe("Join Bella Pizza on Switchboard");
    const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    expect(mail.text).toContain(`https://portal.example.test/invite/${token}`);
    // Stored as a hash only.
    expect(invitation.tokenHash).not.toBe(token);
    expect(JSON.stringify(invitation)).not.toContain(token);
  });
});

describe("GET /organizations", () => {
  it("answers the HMS counters and children; include_children adds theirs", async () => {
    const partner = partners[0]!;
    const made = await call(routes.assistants.POST, { method: "POST", key: clients[0]![0]!.key, body: { name: "Counted" } });
    expect(made.status).toBe(201);
    const flat = await call(routes.organizations.GET, { key: partner.key });
    expect(flat.status).toBe(200);
    expect(flat.body).toMatchObject({
      id: partner.id, kind: "partner", parent_org_id: platform.id,
      minutes_balance: null, credits_balance: null, monthly_usage_minutes: 0, active_numbers: 0, active_agents: 0, active_calls: 0,
      content_retention_days: null, metadata_retention_days: null,
    });
    const childIds = flat.body.children.map((c: { id: string }) => c.id);
    expect(childIds).toEqual(expect.arrayContaining([clients[0]![0]!.id, clients[0]![1]!.id]));
    expect(flat.body.children[0].active_agents).toBeUndefined();

    const deep = await call(routes.organizations.GET, { key: platform.key, path: "/api/v1/organizations?include_children=true" });
    const north = deep.body.children.find((c: { id: string }) => c.id === partner.id);
    expect(north.children.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(childIds));
    const counted = north.children.find((c: { id: string }) => c.id === clients[0]![0]!.id);
    expect(counted).toMatchObject({ active_agents: 1, active_calls: 0, monthly_usage_minutes: 0, minutes_balance: null });
    expect((await call(routes.organizations.GET, { key: platform.key, path: "/api/v1/organizations?include_children=maybe" })).body.error.param).toBe("include_children");
  });

  it("sums this month's ended calls into monthly_usage_minutes", async () => {
    const client = clients[1]![1]!;
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0, 12));
    for (const [endedAt, durationSeconds] of [[now, 90], [now, 30], [lastMonth, 600]] as const) {
      await db.call.create({ data: { organizationId: client.id, type: "web", status: "ended", roomName: `room-${randomBytes(6).toString("hex")}`, assistantSnapshot: {}, endedAt, durationSeconds } });
    }
    expect((await call(routes.organizations.GET, { key: client.key })).body.monthly_usage_minutes).toBe(2);
  });
});

describe("isolation: two partners with two clients each", () => {
  it("a client never sees its sibling or its partner; a partner only itself and its clients", async () => {
    const everyone = [platform, ...partners, ...clients.flat()];
    for (const [p, partner] of partners.entries()) {
      const own = clients[p]!;
      const others = everyone.filter((o) => o !== partner && !own.includes(o));
      // The partner's view: only its own clients as children; acting works on them only.
      const view = await call(routes.organizations.GET, { key: partner.key, path: "/api/v1/organizations?include_children=true" });
      const visible = JSON.stringify(view.body);
      // Its own parent_org_id names the platform; nothing else outside its subtree appears.
      expect(view.body.parent_org_id).toBe(platform.id);
      for (const o of others.filter((x) => x !== platform)) expect(visible, `${partner.name} sees ${o.name}`).not.toContain(o.id);
      for (const c of own) expect((await call(routes.organizations.GET, { key: partner.key, headers: acting(c.id) })).body.id).toBe(c.id);
      for (const o of others) {
        for (const res of [
          await call(routes.organizations.GET, { key: partner.key, headers: acting(o.id) }),
          await call(routes.organizations.PATCH, { method: "PATCH", key: partner.key, headers: acting(o.id), body: { name: "Taken" } }),
          await call(routes.organizations.POST, { method: "POST", key: partner.key, headers: acting(o.id), body: { name: "Planted" } }),
          await call(routes.members.GET, { key: partner.key, headers: acting(o.id) }),
          await call(routes.invitations.POST, { method: "POST", key: partner.key, headers: acting(o.id), body: { email: "spy@example.com" } }),
          await call(routes.audit.GET, { key: partner.key, headers: acting(o.id) }),
        ]) {
          expect(res.status, `${partner.name} → ${o.name}`).toBe(404);
          expect(res.body.error.code).toBe("not_found");
        }
      }
      for (const client of own) {
        const self = await call(routes.organizations.GET, { key: client.key, path: "/api/v1/organizations?include_children=true" });
        expect(self.body).toMatchObject({ id: client.id, parent_org_id: partner.id, children: [] });
        const text = JSON.stringify(self.body);
        for (const o of everyone.filter((x) => x !== client && x !== partner)) expect(text).not.toContain(o.id);
        // Its parent's id is its own parent_org_id, nothing more: acting upwards or sideways is a 404.
        for (const o of everyone.filter((x) => x !== client)) {
          expect((await call(routes.organizations.GET, { key: client.key, headers: acting(o.id) })).status).toBe(404);
          expect((await call(routes.members.GET, { key: client.key, headers: acting(o.id) })).status).toBe(404);
          expect((await call(routes.audit.GET, { key: client.key, headers: acting(o.id) })).status).toBe(404);
        }
      }
    }
    // Nothing leaked into the other organisations' rows.
    expect(await db.organization.count({ where: { name: { in: ["Taken", "Planted"] } } })).toBe(0);
    expect(await db.invitation.count({ where: { email: "spy@example.com" } })).toBe(0);
  });
});

describe("PATCH /organizations", () => {
  it("renames and sets retention within the documented values, content no longer than metadata", async () => {
    const client = clients[0]![1]!;
    const res = await call(routes.organizations.PATCH, { method: "PATCH", key: client.key, body: { name: "Renamed", content_retention_days: 30, metadata_retention_days: 90 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: "Renamed", content_retention_days: 30, metadata_retention_days: 90 });
    for (const [body, param] of [
      [{ content_retention_days: 31 }, "content_retention_days"],
      [{ metadata_retention_days: 1000 }, "metadata_retention_days"],
      [{ content_retention_days: 180 }, "content_retention_days"],
      [{ content_retention_days: 365, metadata_retention_days: 180 }, "content_retention_days"],
      [{ name: "" }, "name"],
      [{ colour: "red" }, null],
    ] as const) {
      const bad = await call(routes.organizations.PATCH, { method: "PATCH", key: client.key, body });
      expect(bad.status, JSON.stringify(body)).toBe(422);
      if (param) expect(bad.body.error.param).toBe(param);
    }
    const cleared = await call(routes.organizations.PATCH, { method: "PATCH", key: client.key, body: { content_retention_days: null, metadata_retention_days: null } });
    expect(cleared.body).toMatchObject({ content_retention_days: null, metadata_retention_days: null });
    // Acting on its client, the partner changes the client, not itself.
    const byPartner = await call(routes.organizations.PATCH, { method: "PATCH", key: partners[0]!.key, headers: acting(client.id), body: { metadata_retention_days: 730 } });
    expect(byPartner.body).toMatchObject({ id: client.id, metadata_retention_days: 730 });
    expect((await call(routes.organizations.GET, { key: partners[0]!.key })).body.metadata_retention_days).toBeNull();
  });
});

describe("retention job", () => {
  it("removes transcripts and recordings past the content window, then call rows past the metadata window", async () => {
    const client = await createOk(partners[1]!, "Retention client");
    const other = clients[1]![0]!;
    const day = 24 * 3600_000;
    const now = Date.now();
    const made: Record<string, string> = {};
    const makeCall = async (label: string, org: Org, ageDays: number, status: "ended" | "in_progress" = "ended") => {
      const recordingKey = `${org.id}/${label}.wav`;
      fs.mkdirSync(path.join(recordingsDir, org.id), { recursive: true });
      fs.writeFileSync(path.join(recordingsDir, recordingKey), "RIFF....WAVE");
      const row = await db.call.create({
        data: {
          organizationId: org.id, type: "web", status, roomName: `room-${randomBytes(6).toString("hex")}`, assistantSnapshot: {},
          transcript: [{ role: "user", content: `secret of ${label}` }], recordingKey, createdAt: new Date(now - ageDays * day),
          usageRecords: { create: { organizationId: org.id, kind: "call_minutes", quantity: 1, unitPrice: 0.07, cost: 0.07 } },
        },
      });
      made[label] = row.id;
    };
    await makeCall("fresh", client, 5);
    await makeCall("middle", client, 45);
    await makeCall("old", client, 120);
    await makeCall("old-live", client, 120, "in_progress");
    await makeCall("other-old", other, 120);
    const patched = await call(routes.organizations.PATCH, { method: "PATCH", key: client.key, body: { content_retention_days: 30, metadata_retention_days: 90 } });
    expect(patched.status).toBe(200);

    await retention.applyRetentionJob.handler({}, { id: "test", attempt: 1, maxAttempts: 1, signal: new AbortController().signal });

    const rows = await db.call.findMany({ where: { id: { in: Object.values(made) } } });
    const byLabel = (label: string) => rows.find((r) => r.id === made[label]);
    expect(byLabel("fresh")).toMatchObject({ recordingKey: `${client.id}/fresh.wav`, transcript: [{ role: "user", content: "secret of fresh" }] });
    expect(byLabel("middle")).toMatchObject({ recordingKey: null, transcript: [] });
    expect(byLabel("old")).toBeUndefined();
    // Running calls and other organisations are left alone.
    expect(byLabel("old-live")).toMatchObject({ recordingKey: `${client.id}/old-live.wav` });
    expect(byLabel("other-old")).toMatchObject({ recordingKey: `${other.id}/other-old.wav` });
    expect(fs.existsSync(path.join(recordingsDir, client.id, "fresh.wav"))).toBe(true);
    expect(fs.existsSync(path.join(recordingsDir, client.id, "middle.wav"))).toBe(false);
    expect(fs.existsSync(path.join(recordingsDir, client.id, "old.wav"))).toBe(false);
    expect(fs.existsSync(path.join(recordingsDir, other.id, "other-old.wav"))).toBe(true);
    expect(await db.usageRecord.count({ where: { callId: made.old } })).toBe(0);

    // Idempotent: a second run changes nothing more.
    expect(await retention.applyRetention()).toEqual({ contentPurged: 0, callsDeleted: 0 });
  });
});

describe("audit log", () => {
  it("records writes done while acting, attributed to the partner's key, readable by the client and the partner acting", async () => {
    const partner = partners[1]!;
    const client = clients[1]![1]!;
    const made = await call(routes.assistants.POST, { method: "POST", key: partner.key, headers: acting(client.id), path: "/api/v1/assistants", body: { name: "By the partner" } });
    expect(made.status).toBe(201);
    const refused = await call(routes.assistants.POST, { method: "POST", key: partner.key, headers: acting(client.id), path: "/api/v1/assistants", body: { name: "" } });
    expect(refused.status).toBe(422);
    await call(routes.assistants.GET, { key: partner.key, headers: acting(client.id), path: "/api/v1/assistants" });

    const log = await call(routes.audit.GET, { key: client.key, path: "/api/v1/audit-log?acting_only=true" });
    expect(log.status).toBe(200);
    const partnerKey = await db.apiKey.findFirstOrThrow({ where: { organizationId: partner.id } });
    expect(log.body.pagination.total).toBe(2);
    expect(log.body.entries).toEqual(expect.arrayContaining([
      expect.objectContaining({ organization_id: client.id, acting: true, operation_id: "createAssistant", method: "POST", path: "/assistants", status: 422, actor: expect.objectContaining({ type: "api_key", api_key_id: partnerKey.id, organization_id: partner.id, user_id: null }) }),
      expect.objectContaining({ organization_id: client.id, acting: true, operation_id: "createAssistant", method: "POST", path: "/assistants", status: 201 }),
    ]));
    // Reads are not writes.
    expect(log.body.entries.every((e: { method: string }) => e.method !== "GET")).toBe(true);
    const viaPartner = await call(routes.audit.GET, { key: partner.key, headers: acting(client.id) });
    expect(viaPartner.body.entries.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining(log.body.entries.map((e: { id: string }) => e.id)));
    // The partner's own log has none of it: the entries belong to the organisation acted on.
    const own = await call(routes.audit.GET, { key: partner.key });
    expect(own.body.entries.some((e: { organization_id: string }) => e.organization_id === client.id)).toBe(false);
    // A key without audit_log.read (read_only scope) is refused.
    const { createApiKey } = await import("@/lib/api-keys/api-keys");
    const { key: readOnly } = await createApiKey({ organizationId: client.id }, { name: "ro", scopes: ["assistants.read"] });
    expect((await call(routes.audit.GET, { key: readOnly })).status).toBe(403);
  });
});
