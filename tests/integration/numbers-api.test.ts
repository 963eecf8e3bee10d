import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SipClient } from "livekit-server-sdk";
import type { LivekitServer } from "../../scripts/lib/livekit.ts";
import { call, expectNotFoundForOtherOrg, startTestLivekit, useFreshDatabase } from "./support";

// /api/v1/numbers through the route handlers, against a real LiveKit server with its Redis.
let livekit: LivekitServer;
let sip: SipClient;
let numbers: typeof import("@/app/api/v1/numbers/route");
let number: typeof import("@/app/api/v1/numbers/[id]/route");
let trunks: typeof import("@/app/api/v1/sip-trunks/route");
let assistants: typeof import("@/app/api/v1/assistants/route");
let assistant: typeof import("@/app/api/v1/assistants/[id]/route");
let db: typeof import("@/lib/db").db;
let orgA: Awaited<ReturnType<typeof import("./factories").createOrgWithKey>>;
let orgB: typeof orgA;
let readOnlyKey: string;
let assistantA: string;
let assistantB: string;
let trunkA: string;
let trunkB: string;

beforeAll(async () => {
  await useFreshDatabase();
  livekit = await startTestLivekit({ redis: true });
  sip = new SipClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
  numbers = await import("@/app/api/v1/numbers/route");
  number = await import("@/app/api/v1/numbers/[id]/route");
  trunks = await import("@/app/api/v1/sip-trunks/route");
  assistants = await import("@/app/api/v1/assistants/route");
  assistant = await import("@/app/api/v1/assistants/[id]/route");
  db = (await import("@/lib/db")).db;
  const { createOrgWithKey } = await import("./factories");
  const { createApiKey } = await import("@/lib/api-keys/api-keys");
  orgA = await createOrgWithKey("num-alpha");
  orgB = await createOrgWithKey("num-beta");
  readOnlyKey = (await createApiKey({ organizationId: orgA.organization.id }, { name: "reader", scopes: ["read_only"] })).key;
  const newAssistant = async (key: string, name: string) =>
    (await call(assistants.POST, { method: "POST", key, body: { name, business_name: `${name} Ltd` } })).body.assistant.id as string;
  const newTrunk = async (key: string, name: string) =>
    (await call(trunks.POST, { method: "POST", key, body: { name, inbound_addresses: ["203.0.113.0/24"], outbound_address: "sip.example.com" } })).body.trunk.id as string;
  assistantA = await newAssistant(orgA.key, "Front desk");
  assistantB = await newAssistant(orgB.key, "Other desk");
  trunkA = await newTrunk(orgA.key, "Carrier A");
  trunkB = await newTrunk(orgB.key, "Carrier B");
});
afterAll(async () => {
  await livekit?.stop();
});

const create = (key: string, body: unknown) => call(numbers.POST, { method: "POST", key, body });
const patch = (key: string, id: string, body: unknown) => call(number.PATCH, { method: "PATCH", key, params: { id }, body });
const get = (key: string, id: string) => call(number.GET, { key, params: { id } });
const inboundTrunkOf = async (phoneNumber: string) => (await sip.listSipInboundTrunk()).find((t) => t.numbers.includes(phoneNumber));

describe("POST /api/v1/numbers", () => {
  it("registers a number in E.164, attached to an assistant and a trunk, with its LiveKit route", async () => {
    const res = await create(orgA.key, { phone_number: "+31 20 123 4501", name: "Reception", assistant_id: assistantA, transfer_trunk_id: trunkA });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(["number"]);
    expect(res.body.number).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      phone_number: "+31201234501",
      name: "Reception",
      assistant_id: assistantA,
      agent_id: assistantA,
      agent_name: "Front desk",
      business_name: "Front desk Ltd",
      transfer_trunk_id: trunkA,
      transfer_trunk_name: "Carrier A",
      is_active: true,
      source: "byo",
      sip_uri: "sip:+31201234501@127.0.0.1:5060",
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    // The provider's calls are accepted from the trunk's addresses only.
    expect(await inboundTrunkOf("+31201234501")).toMatchObject({ allowedAddresses: ["203.0.113.0/24"] });
  });

  it("takes agent_id as the older name of assistant_id, and null unassigns", async () => {
    const res = await create(orgA.key, { phone_number: "+31201234502", agent_id: assistantA, is_active: false });
    expect(res.status).toBe(201);
    expect(res.body.number).toMatchObject({ assistant_id: assistantA, agent_id: assistantA, is_active: false, transfer_trunk_id: null, name: null });
    const same = await create(orgA.key, { phone_number: "+31201234503", agent_id: assistantA, assistant_id: assistantA });
    expect(same.status).toBe(201);

    const unassigned = await patch(orgA.key, res.body.number.id, { agent_id: null });
    expect(unassigned.status).toBe(200);
    expect(unassigned.body.number).toMatchObject({ assistant_id: null, agent_id: null, agent_name: null, business_name: null });
    const reassigned = await patch(orgA.key, res.body.number.id, { assistant_id: assistantA, is_active: true });
    expect(reassigned.body.number).toMatchObject({ assistant_id: assistantA, is_active: true });
  });

  it("refuses each invalid field with 422 naming it, and malformed JSON with 400", async () => {
    const cases: [unknown, string, RegExp][] = [
      [{}, "phone_number", /required/i],
      [{ phone_number: "+3120" }, "phone_number", /not a valid phone number/],
      [{ phone_number: "+1 555 000 0000" }, "phone_number", /not a valid phone number/],
      [{ phone_number: "020 123 4567" }, "phone_number", /E\.164/],
      [{ phone_number: "+31201234599", workflow: "x" }, "workflow", /unrecognized/i],
      [{ phone_number: "+31201234599", assistant_id: assistantA, agent_id: randomUUID() }, "agent_id", /disagree/],
      [{ phone_number: "+31201234599", assistant_id: "front-desk" }, "assistant_id", /UUID/],
      [{ phone_number: "+31201234599", is_active: "yes" }, "is_active", /boolean/],
    ];
    for (const [body, param, message] of cases) {
      const res = await create(orgA.key, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error).toMatchObject({ code: "validation_error", param, type: "invalid_request_error" });
      expect(res.body.error.message).toMatch(message);
    }
    const malformed = await call(numbers.POST, { method: "POST", key: orgA.key, rawBody: "{nope" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("invalid_json");
    expect(await db.phoneNumber.count({ where: { phoneNumber: "+31201234599" } })).toBe(0);
  });

  it("answers 409 for a number registered anywhere on the platform, however it is written", async () => {
    const first = await create(orgA.key, { phone_number: "+44 20 7183 8750" });
    expect(first.status).toBe(201);
    for (const [key, phone] of [[orgB.key, "+442071838750"], [orgA.key, "+44 (20) 7183-8750"]] as const) {
      const dup = await create(key, { phone_number: phone });
      expect(dup.status).toBe(409);
      expect(dup.body.error).toMatchObject({ code: "conflict", param: "phone_number", message: "+442071838750 is already registered" });
    }
    // Renumbering onto a registered number is the same conflict.
    const other = await create(orgB.key, { phone_number: "+442071838751" });
    const renumbered = await patch(orgB.key, other.body.number.id, { phone_number: "+442071838750" });
    expect(renumbered.status).toBe(409);
    expect(renumbered.body.error.param).toBe("phone_number");
    expect((await get(orgB.key, other.body.number.id)).body.number.phone_number).toBe("+442071838751");
  });

  it("answers 404 naming the field for another organisation's assistant or trunk, and stores nothing", async () => {
    for (const [body, param] of [
      [{ phone_number: "+31201234510", assistant_id: assistantB }, "assistant_id"],
      [{ phone_number: "+31201234510", agent_id: randomUUID() }, "assistant_id"],
      [{ phone_number: "+31201234510", transfer_trunk_id: trunkB }, "transfer_trunk_id"],
    ] as const) {
      const res = await create(orgA.key, body);
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ code: "not_found", param });
    }
    expect(await db.phoneNumber.count({ where: { phoneNumber: "+31201234510" } })).toBe(0);

    const mine = (await create(orgA.key, { phone_number: "+31201234511", assistant_id: assistantA })).body.number;
    expect((await patch(orgA.key, mine.id, { assistant_id: assistantB })).body.error).toMatchObject({ code: "not_found", param: "assistant_id" });
    expect((await patch(orgA.key, mine.id, { transfer_trunk_id: trunkB })).body.error).toMatchObject({ code: "not_found", param: "transfer_trunk_id" });
    expect((await get(orgA.key, mine.id)).body.number).toMatchObject({ assistant_id: assistantA, transfer_trunk_id: null });
  });
});

describe("GET, PATCH and DELETE /api/v1/numbers/{id}", () => {
  it("gets, updates (number, name, trunk, active) and deletes a number, following in LiveKit", async () => {
    const created = (await create(orgA.key, { phone_number: "+31201234520", name: "Sales" })).body.number;
    expect((await get(orgA.key, created.id)).body).toEqual({ number: created });

    const updated = await patch(orgA.key, created.id, { phone_number: "+31201234521", name: "Sales NL", transfer_trunk_id: trunkA, is_active: false });
    expect(updated.status).toBe(200);
    expect(updated.body.number).toMatchObject({ id: created.id, phone_number: "+31201234521", name: "Sales NL", transfer_trunk_name: "Carrier A", is_active: false, sip_uri: "sip:+31201234521@127.0.0.1:5060" });
    expect(await inboundTrunkOf("+31201234520")).toBeUndefined();
    expect(await inboundTrunkOf("+31201234521")).toMatchObject({ allowedAddresses: ["203.0.113.0/24"] });
    // The trunk may now present the number as caller ID.
    expect((await sip.listSipOutboundTrunk()).find((t) => t.numbers.includes("+31201234521"))).toMatchObject({ address: "sip.example.com" });

    const removed = await call(number.DELETE, { method: "DELETE", key: orgA.key, params: { id: created.id } });
    expect(removed).toMatchObject({ status: 200, body: { success: true } });
    expect((await get(orgA.key, created.id)).status).toBe(404);
    expect(await inboundTrunkOf("+31201234521")).toBeUndefined();
  });

  it("answers 404 to another organisation and to ids that cannot exist", async () => {
    const mine = (await create(orgA.key, { phone_number: "+31201234530", name: "Mine" })).body.number;
    await expectNotFoundForOtherOrg(number, orgB.key, { id: mine.id });
    expect((await get(orgA.key, mine.id)).body.number).toMatchObject({ name: "Mine", phone_number: "+31201234530" });
    for (const id of ["not-a-uuid", randomUUID()]) {
      const res = await get(orgA.key, id);
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ code: "not_found", message: "Phone number not found" });
    }
  });

  it("keeps the number when its assistant is deleted, unassigned", async () => {
    const temp = (await call(assistants.POST, { method: "POST", key: orgA.key, body: { name: "Temporary" } })).body.assistant.id as string;
    const attached = (await create(orgA.key, { phone_number: "+31201234540", assistant_id: temp })).body.number;
    expect((await call(assistant.DELETE, { method: "DELETE", key: orgA.key, params: { id: temp } })).status).toBe(200);
    expect((await get(orgA.key, attached.id)).body.number).toMatchObject({ assistant_id: null, agent_id: null, agent_name: null, phone_number: "+31201234540" });
  });
});

describe("GET /api/v1/numbers", () => {
  it("pages the organisation's numbers newest first and filters by assistant", async () => {
    const org = await (await import("./factories")).createOrgWithKey("num-pages");
    const own = (await call(assistants.POST, { method: "POST", key: org.key, body: { name: "Pager" } })).body.assistant.id as string;
    const ids: string[] = [];
    for (const [i, phone] of ["+31201234551", "+31201234552", "+31201234553"].entries()) {
      ids.push((await create(org.key, { phone_number: phone, assistant_id: i === 1 ? own : null })).body.number.id);
    }
    const first = await call(numbers.GET, { key: org.key, path: "/api/v1/numbers?limit=2" });
    expect(first.status).toBe(200);
    expect(Object.keys(first.body).sort()).toEqual(["numbers", "pagination"]);
    expect(first.body.pagination).toEqual({ total: 3, limit: 2, offset: 0 });
    expect(first.body.numbers.map((n: { id: string }) => n.id)).toEqual([ids[2], ids[1]]);
    const rest = await call(numbers.GET, { key: org.key, path: "/api/v1/numbers?limit=2&offset=2" });
    expect(rest.body).toMatchObject({ numbers: [{ id: ids[0] }], pagination: { total: 3, limit: 2, offset: 2 } });

    const filtered = await call(numbers.GET, { key: org.key, path: `/api/v1/numbers?assistant_id=${own}` });
    expect(filtered.body).toMatchObject({ numbers: [{ id: ids[1], assistant_id: own }], pagination: { total: 1 } });
    // Another organisation's assistant has no numbers here.
    expect((await call(numbers.GET, { key: org.key, path: `/api/v1/numbers?assistant_id=${assistantA}` })).body.pagination.total).toBe(0);

    for (const [query, param] of [["limit=0", "limit"], ["offset=-1", "offset"], ["assistant_id=nope", "assistant_id"]]) {
      const bad = await call(numbers.GET, { key: org.key, path: `/api/v1/numbers?${query}` });
      expect(bad.status).toBe(422);
      expect(bad.body.error.param).toBe(param);
    }
  });
});

describe("who may", () => {
  it("answers 401 without a valid key", async () => {
    for (const res of [await call(numbers.GET, {}), await call(numbers.POST, { method: "POST", key: "sk_live_wrong", body: { phone_number: "+31201234560" } })]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("unauthorized");
    }
  });

  it("lets a read-only key list and get, and refuses its writes with 403 naming numbers.write", async () => {
    const mine = (await create(orgA.key, { phone_number: "+31201234561" })).body.number;
    expect((await call(numbers.GET, { key: readOnlyKey })).status).toBe(200);
    expect((await get(readOnlyKey, mine.id)).status).toBe(200);
    for (const res of [
      await create(readOnlyKey, { phone_number: "+31201234562" }),
      await patch(readOnlyKey, mine.id, { is_active: false }),
      await call(number.DELETE, { method: "DELETE", key: readOnlyKey, params: { id: mine.id } }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: "forbidden", type: "permission_error" });
      expect(res.body.error.message).toContain("numbers.write");
    }
    expect((await get(orgA.key, mine.id)).body.number.is_active).toBe(true);
    expect(await db.phoneNumber.count({ where: { phoneNumber: "+31201234562" } })).toBe(0);
  });
});

// Last: stops the media server.
describe("with the media server down", () => {
  it("answers 503 and stores nothing; a number it cannot unroute stays", async () => {
    const kept = (await create(orgA.key, { phone_number: "+31201234570" })).body.number;
    await livekit.stop();
    const before = await db.phoneNumber.count();
    const res = await create(orgA.key, { phone_number: "+31201234571", assistant_id: assistantA });
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: "service_unavailable", type: "api_error" });
    expect(await db.phoneNumber.count()).toBe(before);

    const removed = await call(number.DELETE, { method: "DELETE", key: orgA.key, params: { id: kept.id } });
    expect(removed.status).toBe(503);
    expect((await get(orgA.key, kept.id)).body.number.phone_number).toBe("+31201234570");
  });
});
