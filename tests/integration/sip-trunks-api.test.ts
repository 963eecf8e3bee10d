import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SipClient } from "livekit-server-sdk";
import type { LivekitServer } from "../../scripts/lib/livekit.ts";
import { call, expectNotFoundForOtherOrg, startTestLivekit, useFreshDatabase } from "./support";

// /api/v1/sip-trunks through the route handlers, against a real LiveKit server with its Redis.
let livekit: LivekitServer;
let sip: SipClient;
let trunks: typeof import("@/app/api/v1/sip-trunks/route");
let trunk: typeof import("@/app/api/v1/sip-trunks/[id]/route");
let numbers: typeof import("@/app/api/v1/numbers/route");
let number: typeof import("@/app/api/v1/numbers/[id]/route");
let db: typeof import("@/lib/db").db;
let orgA: Awaited<ReturnType<typeof import("./factories").createOrgWithKey>>;
let orgB: typeof orgA;
let readOnlyKey: string;

beforeAll(async () => {
  await useFreshDatabase();
  livekit = await startTestLivekit({ redis: true });
  sip = new SipClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
  trunks = await import("@/app/api/v1/sip-trunks/route");
  trunk = await import("@/app/api/v1/sip-trunks/[id]/route");
  numbers = await import("@/app/api/v1/numbers/route");
  number = await import("@/app/api/v1/numbers/[id]/route");
  db = (await import("@/lib/db")).db;
  const { createOrgWithKey } = await import("./factories");
  const { createApiKey } = await import("@/lib/api-keys/api-keys");
  orgA = await createOrgWithKey("trunk-alpha");
  orgB = await createOrgWithKey("trunk-beta");
  readOnlyKey = (await createApiKey({ organizationId: orgA.organization.id }, { name: "reader", scopes: ["read_only"] })).key;
});
afterAll(async () => {
  await livekit?.stop();
});

const create = (key: string, body: unknown) => call(trunks.POST, { method: "POST", key, body });
const patch = (key: string, id: string, body: unknown) => call(trunk.PATCH, { method: "PATCH", key, params: { id }, body });
const get = (key: string, id: string) => call(trunk.GET, { key, params: { id } });
const outboundOf = async (id: string) => {
  const row = await db.sipTrunk.findUniqueOrThrow({ where: { id } });
  return row.livekitOutboundTrunkId ? (await sip.listSipOutboundTrunk()).find((t) => t.sipTrunkId === row.livekitOutboundTrunkId) : undefined;
};
/** No response may carry a password, under any name. */
const expectNoSecret = (body: unknown, ...secrets: string[]) => {
  const text = JSON.stringify(body);
  for (const secret of secrets) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/"(auth_)?password"/);
};

describe("POST /api/v1/sip-trunks", () => {
  it("takes the older docs' {host, port, username, password} and answers the superset under trunk and sip_trunk", async () => {
    const res = await create(orgA.key, { name: "Older", host: "SIP.Example.com", port: 5080, username: "acct-1", password: "older-secret" });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(["sip_trunk", "trunk"]);
    expect(res.body.sip_trunk).toEqual(res.body.trunk);
    expect(res.body.trunk).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      org_id: orgA.organization.id,
      name: "Older",
      provider: null,
      address: "sip.example.com:5080",
      outbound_address: "sip.example.com:5080",
      host: "sip.example.com",
      port: 5080,
      inbound_addresses: [],
      outbound_number: null,
      auth_username: "acct-1",
      username: "acct-1",
      has_password: true,
      transport: "udp",
      is_active: true,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expectNoSecret(res.body, "older-secret");
    // Nobody can call out through it yet (no caller ID): no LiveKit outbound trunk.
    expect(await outboundOf(res.body.trunk.id)).toBeUndefined();
  });

  it("takes the newer docs' {provider, address, auth_username, auth_password, transport}", async () => {
    const res = await create(orgA.key, { name: "Newer", provider: "Twilio", address: "pbx.example.net", auth_username: "acct-2", auth_password: "newer-secret", transport: "tcp" });
    expect(res.status).toBe(201);
    expect(res.body.trunk).toMatchObject({ provider: "Twilio", address: "pbx.example.net", host: "pbx.example.net", port: 5060, auth_username: "acct-2", transport: "tcp", has_password: true });
    expectNoSecret(res.body, "newer-secret");
  });

  it("takes the SDK's {inbound_addresses, outbound_address, outbound_number, …} and mirrors it as a LiveKit outbound trunk", async () => {
    const res = await create(orgA.key, {
      name: "SDK",
      provider: "Telnyx",
      inbound_addresses: ["203.0.113.0/24", "198.51.100.7"],
      outbound_address: "sip.telnyx.example:5061",
      outbound_number: "+31 20 123 4600",
      auth_username: "acct-3",
      auth_password: "sdk-secret",
    });
    expect(res.status).toBe(201);
    expect(res.body.trunk).toMatchObject({ inbound_addresses: ["203.0.113.0/24", "198.51.100.7"], outbound_address: "sip.telnyx.example:5061", outbound_number: "+31201234600", has_password: true });
    expectNoSecret(res.body, "sdk-secret");
    expect(await outboundOf(res.body.trunk.id)).toMatchObject({ address: "sip.telnyx.example:5061", numbers: ["+31201234600"], authUsername: "acct-3", authPassword: "sdk-secret" });
    const stored = await db.sipTrunk.findUniqueOrThrow({ where: { id: res.body.trunk.id } });
    expect(stored.authPasswordEnc).toBeTruthy();
    expect(stored.authPasswordEnc).not.toContain("sdk-secret");
  });

  it("refuses each invalid field with 422 naming it, and stores nothing", async () => {
    const before = await db.sipTrunk.count();
    const cases: [unknown, string][] = [
      [{ address: "sip.example.com" }, "name"],
      [{ name: "x" }, "address"],
      [{ name: "x", address: "not a host!" }, "address"],
      [{ name: "x", address: "sip.example.com:99999" }, "address"],
      [{ name: "x", host: "bad_host", port: 5060 }, "host"],
      [{ name: "x", port: 5060 }, "host"],
      [{ name: "x", inbound_addresses: ["300.1.1.1"] }, "inbound_addresses.0"],
      [{ name: "x", inbound_addresses: ["203.0.113.0/33"] }, "inbound_addresses.0"],
      [{ name: "x", address: "a.example.com", outbound_address: "b.example.com" }, "outbound_address"],
      [{ name: "x", address: "a.example.com", auth_username: "u1", username: "u2" }, "username"],
      [{ name: "x", address: "a.example.com", auth_password: "p1", password: "p2" }, "password"],
      [{ name: "x", address: "a.example.com", transport: "ws" }, "transport"],
      [{ name: "x", address: "a.example.com", outbound_number: "020 123 4567" }, "outbound_number"],
      [{ name: "x", address: "a.example.com", secret: "s" }, "secret"],
    ];
    for (const [body, param] of cases) {
      const res = await create(orgA.key, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error).toMatchObject({ code: "validation_error", param, type: "invalid_request_error" });
    }
    expect(await db.sipTrunk.count()).toBe(before);
  });
});

describe("GET, PATCH and DELETE /api/v1/sip-trunks/{id}", () => {
  it("gets and updates a trunk (PATCH is an extension); LiveKit follows; the password is kept, replaced or removed", async () => {
    const created = (await create(orgA.key, { name: "Editable", address: "one.example.com", outbound_number: "+31201234610", auth_username: "u", auth_password: "first-secret" })).body.trunk;
    const fetched = await get(orgA.key, created.id);
    expect(fetched.body).toEqual({ trunk: created, sip_trunk: created });

    const renamed = await patch(orgA.key, created.id, { name: "Edited", address: "two.example.com:5070", transport: "tls" });
    expect(renamed.status).toBe(200);
    expect(renamed.body.sip_trunk).toEqual(renamed.body.trunk);
    expect(renamed.body.trunk).toMatchObject({ name: "Edited", address: "two.example.com:5070", transport: "tls", has_password: true });
    expect(await outboundOf(created.id)).toMatchObject({ address: "two.example.com:5070", authPassword: "first-secret" });

    const replaced = await patch(orgA.key, created.id, { auth_password: "second-secret" });
    expectNoSecret(replaced.body, "first-secret", "second-secret");
    expect(await outboundOf(created.id)).toMatchObject({ authPassword: "second-secret" });
    const removed = await patch(orgA.key, created.id, { password: null });
    expect(removed.body.trunk.has_password).toBe(false);

    // A trunk must still lead somewhere.
    const empty = await patch(orgA.key, created.id, { address: null });
    expect(empty.status).toBe(422);
    expect(empty.body.error.param).toBe("address");
    expect((await get(orgA.key, created.id)).body.trunk.address).toBe("two.example.com:5070");
  });

  it("deletes a trunk with its LiveKit outbound trunk; its numbers stay, without a trunk", async () => {
    const created = (await create(orgA.key, { name: "Doomed", address: "doomed.example.com", inbound_addresses: ["192.0.2.10"] })).body.trunk;
    const attached = (await call(numbers.POST, { method: "POST", key: orgA.key, body: { phone_number: "+31201234620", transfer_trunk_id: created.id } })).body.number;
    const livekitId = (await db.sipTrunk.findUniqueOrThrow({ where: { id: created.id } })).livekitOutboundTrunkId;
    expect(livekitId).toBeTruthy();

    const res = await call(trunk.DELETE, { method: "DELETE", key: orgA.key, params: { id: created.id } });
    expect(res).toMatchObject({ status: 200, body: { success: true } });
    expect((await get(orgA.key, created.id)).status).toBe(404);
    expect((await sip.listSipOutboundTrunk()).find((t) => t.sipTrunkId === livekitId)).toBeUndefined();
    const kept = await call(number.GET, { key: orgA.key, params: { id: attached.id } });
    expect(kept.body.number).toMatchObject({ phone_number: "+31201234620", transfer_trunk_id: null, transfer_trunk_name: null });
    // Its inbound route no longer filters by the trunk's addresses.
    expect((await sip.listSipInboundTrunk()).find((t) => t.numbers.includes("+31201234620"))).toMatchObject({ allowedAddresses: [] });
  });

  it("answers 404 to another organisation and to ids that cannot exist", async () => {
    const mine = (await create(orgA.key, { name: "Mine", address: "mine.example.com" })).body.trunk;
    await expectNotFoundForOtherOrg(trunk, orgB.key, { id: mine.id });
    expect((await get(orgA.key, mine.id)).body.trunk.name).toBe("Mine");
    for (const id of ["nope", randomUUID()]) {
      const res = await get(orgA.key, id);
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ code: "not_found", message: "SIP trunk not found" });
    }
  });
});

describe("GET /api/v1/sip-trunks", () => {
  it("pages the organisation's trunks newest first, without passwords", async () => {
    const org = await (await import("./factories")).createOrgWithKey("trunk-pages");
    const ids: string[] = [];
    for (const name of ["T1", "T2", "T3"]) ids.push((await create(org.key, { name, address: `${name.toLowerCase()}.example.com`, password: `pw-${name}` })).body.trunk.id);
    const first = await call(trunks.GET, { key: org.key, path: "/api/v1/sip-trunks?limit=2" });
    expect(first.status).toBe(200);
    expect(Object.keys(first.body).sort()).toEqual(["pagination", "trunks"]);
    expect(first.body.pagination).toEqual({ total: 3, limit: 2, offset: 0 });
    expect(first.body.trunks.map((t: { id: string }) => t.id)).toEqual([ids[2], ids[1]]);
    const rest = await call(trunks.GET, { key: org.key, path: "/api/v1/sip-trunks?offset=2" });
    expect(rest.body).toMatchObject({ trunks: [{ id: ids[0], has_password: true }], pagination: { total: 3, limit: 100, offset: 2 } });
    expectNoSecret(first.body, "pw-T1", "pw-T2", "pw-T3");
    expectNoSecret(rest.body, "pw-T1");
    expect((await call(trunks.GET, { key: org.key, path: "/api/v1/sip-trunks?limit=5000" })).body.error.param).toBe("limit");
  });
});

describe("who may", () => {
  it("answers 401 without a valid key", async () => {
    for (const res of [await call(trunks.GET, {}), await call(trunks.POST, { method: "POST", key: "sk_live_wrong", body: { name: "x", address: "a.example.com" } })]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("unauthorized");
    }
  });

  it("lets a read-only key read, and refuses its writes with 403 naming numbers.write", async () => {
    const mine = (await create(orgA.key, { name: "Guarded", address: "guarded.example.com" })).body.trunk;
    expect((await call(trunks.GET, { key: readOnlyKey })).status).toBe(200);
    expect((await get(readOnlyKey, mine.id)).status).toBe(200);
    for (const res of [
      await create(readOnlyKey, { name: "Nope", address: "nope.example.com" }),
      await patch(readOnlyKey, mine.id, { name: "Nope" }),
      await call(trunk.DELETE, { method: "DELETE", key: readOnlyKey, params: { id: mine.id } }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: "forbidden", type: "permission_error" });
      expect(res.body.error.message).toContain("numbers.write");
    }
    expect((await get(orgA.key, mine.id)).body.trunk.name).toBe("Guarded");
    expect(await db.sipTrunk.count({ where: { name: "Nope" } })).toBe(0);
  });
});

// Last: stops the media server.
describe("with the media server down", () => {
  it("answers 503 for a trunk LiveKit must hold, and stores nothing", async () => {
    await livekit.stop();
    const before = await db.sipTrunk.count();
    const res = await create(orgA.key, { name: "Unreachable", address: "down.example.com", outbound_number: "+31201234630", auth_password: "down-secret" });
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: "service_unavailable", type: "api_error" });
    expectNoSecret(res.body, "down-secret");
    expect(await db.sipTrunk.count()).toBe(before);
  });
});
