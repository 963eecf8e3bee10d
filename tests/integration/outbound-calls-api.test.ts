import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentDispatchClient, RoomServiceClient } from "livekit-server-sdk";
import type { LivekitServer } from "../../scripts/lib/livekit.ts";
import { callConfigSchema } from "../../lib/contract/call-config";
import { call, startTestLivekit, useFreshDatabase } from "./support";

// POST /api/v1/calls/outbound through the route handlers, against a real LiveKit server with
// its Redis (the SIP trunks' LiveKit objects); the worker's side through the internal API.
// Placing the SIP call itself is the telephony tier's (tests/telephony/outbound.test.ts).
const WORKER_SECRET = "integration-worker-secret";
let livekit: LivekitServer;
let routes: {
  outbound: typeof import("@/app/api/v1/calls/outbound/route");
  list: typeof import("@/app/api/v1/calls/route");
  one: typeof import("@/app/api/v1/calls/[id]/route");
  assistants: typeof import("@/app/api/v1/assistants/route");
  numbers: typeof import("@/app/api/v1/numbers/route");
  trunks: typeof import("@/app/api/v1/sip-trunks/route");
  config: typeof import("@/app/api/internal/calls/[id]/config/route");
  events: typeof import("@/app/api/internal/calls/[id]/events/route");
};
let db: typeof import("@/lib/db").db;
let orgA: Awaited<ReturnType<typeof import("./factories").createOrgWithKey>>;
let orgB: typeof orgA;
let orgC: typeof orgA;
let assistantA: string;
let assistantB: string;
let numberWithoutTrunk: string;
let dialableNumber: { id: string; phone_number: string };
let trunkA: { id: string };

beforeAll(async () => {
  await useFreshDatabase();
  livekit = await startTestLivekit({ redis: true });
  Object.assign(process.env, { WORKER_SECRET, AGENT_NAME: "switchboard-agent-it", AGENT_JOIN_TIMEOUT_SECONDS: "5", OUTBOUND_RING_TIMEOUT_SECONDS: "25" });
  routes = {
    outbound: await import("@/app/api/v1/calls/outbound/route"),
    list: await import("@/app/api/v1/calls/route"),
    one: await import("@/app/api/v1/calls/[id]/route"),
    assistants: await import("@/app/api/v1/assistants/route"),
    numbers: await import("@/app/api/v1/numbers/route"),
    trunks: await import("@/app/api/v1/sip-trunks/route"),
    config: await import("@/app/api/internal/calls/[id]/config/route"),
    events: await import("@/app/api/internal/calls/[id]/events/route"),
  };
  db = (await import("@/lib/db")).db;
  const { createOrgWithKey } = await import("./factories");
  orgA = await createOrgWithKey("out-a");
  orgB = await createOrgWithKey("out-b");
  orgC = await createOrgWithKey("out-c");
  const newAssistant = async (key: string, name: string) =>
    (await call(routes.assistants.POST, { method: "POST", key, body: { name, first_message: "Hello from the bakery" } })).body.assistant.id as string;
  const newNumber = async (key: string, body: Record<string, unknown>) => {
    const res = await call(routes.numbers.POST, { method: "POST", key, body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.number as { id: string; phone_number: string };
  };
  assistantA = await newAssistant(orgA.key, "Caller A");
  assistantB = await newAssistant(orgB.key, "Caller B");
  const trunk = await call(routes.trunks.POST, { method: "POST", key: orgA.key, body: { name: "Carrier", outbound_address: "sip.example.com:5060" } });
  expect(trunk.status, JSON.stringify(trunk.body)).toBe(201);
  trunkA = trunk.body.trunk;
  // Registered first, so it would be picked if a number without a trunk could be.
  numberWithoutTrunk = (await newNumber(orgA.key, { phone_number: "+31201110001", assistant_id: assistantA })).id;
  dialableNumber = await newNumber(orgA.key, { phone_number: "+31201110002", assistant_id: assistantA, transfer_trunk_id: trunkA.id });
  // Organisation C has a number, but no trunk to call from.
  await newNumber(orgC.key, { phone_number: "+31201110003" });
}, 120_000);

afterAll(async () => {
  await livekit?.stop();
  await (await import("@/lib/jobs/boss")).closeJobQueue();
});

const dialOut = (key: string, body: unknown) => call(routes.outbound.POST, { method: "POST", key, body });
const worker = { authorization: `Bearer ${WORKER_SECRET}` };
const postEvent = (id: string, body: unknown) => call(routes.events.POST, { method: "POST", params: { id }, headers: worker, body });

describe("POST /api/v1/calls/outbound", () => {
  it("answers at once with the call dialing, its room up with the agent dispatched, and the worker's dial details in the config", async () => {
    const res = await dialOut(orgA.key, { destination: "+31 6 1234 5678", number_id: dialableNumber.id, assistant_id: assistantA, metadata: { lead: "L-1" } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({ success: true, call_id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: "dialing" });
    const callId = res.body.call_id as string;

    const stored = await call(routes.one.GET, { key: orgA.key, params: { id: callId } });
    expect(stored.body).toMatchObject({
      id: callId,
      status: "dialing",
      type: "outbound",
      direction: "outbound",
      caller_phone: "+31612345678",
      assistant_phone: dialableNumber.phone_number,
      phone_number: "+31612345678",
      metadata: { lead: "L-1" },
    });
    const room = stored.body.room_name as string;
    expect((await new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret).listRooms([room])).map((r) => r.name)).toEqual([room]);
    const dispatches = await new AgentDispatchClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret).listDispatch(room);
    expect(dispatches.map((d) => JSON.parse(d.metadata))).toEqual([{ call_id: callId }]);

    const config = await call(routes.config.GET, { params: { id: callId }, headers: worker });
    expect(config.status).toBe(200);
    const parsed = callConfigSchema.safeParse(config.body);
    expect(parsed.error?.issues ?? []).toEqual([]);
    const trunkRow = await db.sipTrunk.findUniqueOrThrow({ where: { id: trunkA.id } });
    expect(trunkRow.livekitOutboundTrunkId).toEqual(expect.any(String));
    expect(parsed.data?.dial).toEqual({
      livekit_trunk_id: trunkRow.livekitOutboundTrunkId,
      to: "+31612345678",
      from: dialableNumber.phone_number,
      ring_timeout_seconds: 25,
      participant_identity: `callee-${callId.slice(0, 8)}`,
    });
    expect(parsed.data?.call).toMatchObject({ type: "outbound", caller_phone: "+31612345678", assistant_phone: dialableNumber.phone_number });

    const listed = await call(routes.list.GET, { key: orgA.key, path: "/api/v1/calls?status=dialing" });
    expect(listed.status).toBe(200);
    expect((listed.body.calls as { id: string; status: string }[]).map((c) => [c.id, c.status])).toContainEqual([callId, "dialing"]);
  });

  it("goes dialing -> ringing -> in-progress -> ended as the worker reports, and ends unanswered calls with the dial's reason", async () => {
    const answered = (await dialOut(orgA.key, { destination: "+31612345601", number_id: dialableNumber.id, assistant_id: assistantA })).body.call_id as string;
    expect((await postEvent(answered, { type: "ringing" })).status).toBe(200);
    expect((await call(routes.one.GET, { key: orgA.key, params: { id: answered } })).body.status).toBe("ringing");
    expect((await postEvent(answered, { type: "started" })).status).toBe(200);
    expect((await call(routes.one.GET, { key: orgA.key, params: { id: answered } })).body.status).toBe("in-progress");
    // A late ring report changes nothing.
    await postEvent(answered, { type: "ringing" });
    expect((await call(routes.one.GET, { key: orgA.key, params: { id: answered } })).body.status).toBe("in-progress");

    const busy = (await dialOut(orgA.key, { destination: "+31612345602", number_id: dialableNumber.id, assistant_id: assistantA })).body.call_id as string;
    await postEvent(busy, { type: "ringing" });
    const ended = await postEvent(busy, { type: "ended", status: "ended", end_reason: "busy", error: "The number is busy (SIP 486)", ended_at: new Date().toISOString() });
    expect(ended.status).toBe(200);
    expect((await call(routes.one.GET, { key: orgA.key, params: { id: busy } })).body).toMatchObject({ status: "ended", end_reason: "busy", started_at: null, duration_seconds: 0 });
  });

  it("picks the organisation's first number whose trunk can dial out, and takes first_message and the deprecated agent_* fields", async () => {
    const res = await dialOut(orgA.key, { destination: "+31612345603", agent_id: assistantA, agent_config: { name: "Renamed" }, first_message: "Hi, the bakery here", ring_timeout_seconds: 10 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const row = await db.call.findUniqueOrThrow({ where: { id: res.body.call_id } });
    expect(row).toMatchObject({ numberId: dialableNumber.id, assistantPhone: dialableNumber.phone_number, assistantId: assistantA, ringTimeoutSeconds: 10, status: "dialing" });
    const config = await call(routes.config.GET, { params: { id: row.id }, headers: worker });
    expect(config.body.assistant).toMatchObject({ name: "Renamed", first_message: "Hi, the bakery here" });
    expect(config.body.dial.ring_timeout_seconds).toBe(10);

    const transient = await dialOut(orgA.key, { destination: "+31612345604", agent: { name: "One-off", llm_config: { provider: "openai", model: "gpt-4o-mini" } }, first_message: "One-off hello" });
    expect(transient.status, JSON.stringify(transient.body)).toBe(201);
    const transientConfig = await call(routes.config.GET, { params: { id: transient.body.call_id }, headers: worker });
    expect(transientConfig.body.assistant).toMatchObject({ name: "One-off", first_message: "One-off hello" });
  });

  it("refuses a bad destination, ring timeout or assistant choice with a 422 naming the field, and dials nothing", async () => {
    const before = await db.call.count();
    for (const [body, param] of [
      [{ destination: "+3112" }, "destination"],
      [{ destination: "0612345678" }, "destination"],
      [{ destination: "not a number" }, "destination"],
      [{}, "destination"],
      [{ destination: "+31612345678", ring_timeout_seconds: 2 }, "ring_timeout_seconds"],
      [{ destination: "+31612345678", ring_timeout_seconds: 600 }, "ring_timeout_seconds"],
    ] as const) {
      const res = await dialOut(orgA.key, { assistant_id: assistantA, number_id: dialableNumber.id, ...body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error).toMatchObject({ code: "validation_error", param });
    }
    const noAssistant = await dialOut(orgA.key, { destination: "+31612345678" });
    expect(noAssistant.status).toBe(422);
    expect(noAssistant.body.error.param).toBe("assistant_id");
    const both = await dialOut(orgA.key, { destination: "+31612345678", assistant_id: assistantA, assistant: { name: "x" } });
    expect(both.status).toBe(422);
    expect(both.body.error.param).toBe("assistant");
    const unknownField = await dialOut(orgA.key, { destination: "+31612345678", assistant_id: assistantA, dial_now: true });
    expect(unknownField.status).toBe(422);
    expect(await db.call.count()).toBe(before);
  });

  it("needs a number that can dial out: none in the organisation, or a given number without a trunk, is no_outbound_trunk", async () => {
    const assistantC = (await call(routes.assistants.POST, { method: "POST", key: orgC.key, body: { name: "Caller C" } })).body.assistant.id;
    const none = await dialOut(orgC.key, { destination: "+31612345678", assistant_id: assistantC });
    expect(none.status).toBe(422);
    expect(none.body.error).toMatchObject({ code: "no_outbound_trunk", param: "number_id", type: "invalid_request_error" });
    const withoutTrunk = await dialOut(orgA.key, { destination: "+31612345678", assistant_id: assistantA, number_id: numberWithoutTrunk });
    expect(withoutTrunk.status).toBe(422);
    expect(withoutTrunk.body.error).toMatchObject({ code: "no_outbound_trunk", param: "number_id" });
    expect(await db.call.count({ where: { organizationId: orgC.organization.id } })).toBe(0);
  });

  it("refuses inactive assistants and numbers", async () => {
    const inactive = (await call(routes.assistants.POST, { method: "POST", key: orgA.key, body: { name: "Off", is_active: false } })).body.assistant.id;
    const res = await dialOut(orgA.key, { destination: "+31612345678", assistant_id: inactive, number_id: dialableNumber.id });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("assistant_inactive");
    const override = await dialOut(orgA.key, { destination: "+31612345678", assistant_id: assistantA, assistant_override: { is_active: false }, number_id: dialableNumber.id });
    expect(override.status).toBe(422);
    expect(override.body.error.code).toBe("assistant_inactive");

    const off = await call(routes.numbers.POST, { method: "POST", key: orgA.key, body: { phone_number: "+31201110009", transfer_trunk_id: trunkA.id, is_active: false } });
    const offRes = await dialOut(orgA.key, { destination: "+31612345678", assistant_id: assistantA, number_id: off.body.number.id });
    expect(offRes.status).toBe(422);
    expect(offRes.body.error.param).toBe("number_id");
  });

  it("is a 404 for another organisation's number or assistant, and a 401 without a key", async () => {
    const before = await db.call.count();
    const number = await dialOut(orgB.key, { destination: "+31612345678", assistant_id: assistantB, number_id: dialableNumber.id });
    expect(number.status).toBe(404);
    expect(number.body.error).toMatchObject({ code: "not_found", param: "number_id" });
    const trunkB = await call(routes.trunks.POST, { method: "POST", key: orgB.key, body: { name: "Carrier B", outbound_address: "sip.example.org" } });
    const numberB = await call(routes.numbers.POST, { method: "POST", key: orgB.key, body: { phone_number: "+31201110008", transfer_trunk_id: trunkB.body.trunk.id } });
    expect(numberB.status).toBe(201);
    const assistant = await dialOut(orgB.key, { destination: "+31612345678", assistant_id: assistantA, number_id: numberB.body.number.id });
    expect(assistant.status).toBe(404);
    expect(assistant.body.error.code).toBe("not_found");
    expect((await call(routes.outbound.POST, { method: "POST", body: { destination: "+31612345678", assistant_id: assistantA } })).status).toBe(401);
    expect(await db.call.count()).toBe(before);
  });
});
