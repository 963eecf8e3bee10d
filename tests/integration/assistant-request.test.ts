import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, useFreshDatabase } from "./support";
import { startReceiver, type Receiver } from "./webhook-receiver";

// assistant-request (HMS §6.6): asked once when the worker fetches the call's config, within a
// budget; the answer picks or changes the assistant, merges metadata, or refuses the call.
const WORKER_SECRET = "assistant-request-worker-secret";
const BUDGET_MS = 400;
let config: typeof import("@/app/api/internal/calls/[id]/config/route");
let assistants: typeof import("@/app/api/v1/assistants/route");
let deliveries: typeof import("@/app/api/v1/calls/[id]/webhook-deliveries/route");
let db: typeof import("@/lib/db").db;
let snapshots: typeof import("@/lib/calls/call-snapshot");
let verify: typeof import("@/lib/webhooks/signature").verifyWebhookSignature;
let org: Awaited<ReturnType<typeof import("./factories").createOrgWithKey>>;
let other: typeof org;
let receiver: Receiver;

beforeAll(async () => {
  await useFreshDatabase();
  // LiveKit is not needed: calls are created as rows; a refused call's room delete fails quietly.
  Object.assign(process.env, { WORKER_SECRET, ASSISTANT_REQUEST_TIMEOUT_MS: String(BUDGET_MS), LIVEKIT_URL: "ws://127.0.0.1:9" });
  config = await import("@/app/api/internal/calls/[id]/config/route");
  assistants = await import("@/app/api/v1/assistants/route");
  deliveries = await import("@/app/api/v1/calls/[id]/webhook-deliveries/route");
  db = (await import("@/lib/db")).db;
  snapshots = await import("@/lib/calls/call-snapshot");
  verify = (await import("@/lib/webhooks/signature")).verifyWebhookSignature;
  const { createOrgWithKey } = await import("./factories");
  org = await createOrgWithKey("ar-a");
  other = await createOrgWithKey("ar-b");
  receiver = await startReceiver();
}, 120_000);

afterAll(async () => {
  await receiver?.close();
});

beforeEach(() => {
  receiver.requests.length = 0;
  receiver.script([], { status: 200, body: {} });
});

async function createAssistant(key: string, body: Record<string, unknown>) {
  const res = await call(assistants.POST, { method: "POST", key, body: { name: "Saved", first_message: "Saved greeting", max_duration_seconds: 300, ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.assistant as { id: string };
}

/** A connecting call of `assistantId`, created the way the web-call route does. */
async function startCall(assistantId: string, metadata: Record<string, unknown> = {}) {
  const row = await snapshots.getAssistantRowForCall({ organizationId: org.organization.id }, assistantId);
  const id = randomUUID();
  await db.call.create({
    data: { id, organizationId: org.organization.id, assistantId, type: "inbound", callerPhone: "+31612345678", assistantPhone: "+31850835037", roomName: `call-${id}`, assistantSnapshot: snapshots.buildAssistantSnapshot(row!) as object, metadata: metadata as object },
  });
  return id;
}

const fetchConfig = (id: string) => call(config.GET, { params: { id }, headers: { authorization: `Bearer ${WORKER_SECRET}` } });
const assistantRequestWanted = { webhook_url: "", webhook_secret: "ar-secret-123", webhook_events: ["assistant-request", "status-update"] };
const savedAssistant = (body: Record<string, unknown> = {}) => createAssistant(org.key, { ...assistantRequestWanted, webhook_url: receiver.url, ...body });

describe("assistant-request", () => {
  it("is sent signed, once; {} keeps the saved assistant and a second fetch answers the same", async () => {
    const id = await startCall((await savedAssistant()).id, { crm: "1" });
    const first = await fetchConfig(id);
    expect(first.status).toBe(200);
    expect(first.body.assistant).toMatchObject({ name: "Saved", first_message: "Saved greeting", max_duration_seconds: 300 });
    expect(first.body.call).toMatchObject({ caller_phone: "+31612345678", assistant_phone: "+31850835037", metadata: { crm: "1" } });
    expect(receiver.requests).toHaveLength(1);
    const request = receiver.requests[0]!;
    expect(request.headers["x-webhook-event"]).toBe("assistant-request");
    expect(verify({ secret: "ar-secret-123", rawBody: request.rawBody, signature: request.headers["x-webhook-signature"] as string, timestamp: request.headers["x-webhook-timestamp"] as string })).toBe(true);
    expect(request.json.message).toMatchObject({
      type: "assistant-request",
      call: { id, type: "inbound_phone_call", status: "connecting" },
      phone_number: { number: "+31850835037" },
      customer: { number: "+31612345678" },
    });

    const second = await fetchConfig(id);
    expect(second.body).toEqual(first.body);
    expect(receiver.requests).toHaveLength(1);

    const log = await call(deliveries.GET, { key: org.key, params: { id } });
    expect(log.body.deliveries).toHaveLength(1);
    expect(log.body.deliveries[0]).toMatchObject({ event: "assistant-request", status: "succeeded", attempts: 1, max_attempts: 1 });
  });

  it("applies top-level overrides and merges metadata", async () => {
    const id = await startCall((await savedAssistant()).id, { crm: "1", keep: true });
    receiver.script([{ body: { max_duration_seconds: 600, first_message: "Hi {{name}}", metadata: { name: "Ada", crm: "2" } } }]);
    const res = await fetchConfig(id);
    expect(res.status).toBe(200);
    expect(res.body.assistant).toMatchObject({ name: "Saved", max_duration_seconds: 600, first_message: "Hi {{name}}" });
    expect(res.body.call.metadata).toEqual({ crm: "2", keep: true, name: "Ada" });
    const row = await db.call.findUniqueOrThrow({ where: { id } });
    expect(row.metadata).toEqual({ crm: "2", keep: true, name: "Ada" });
  });

  it("runs a transient assistant from {assistant:{...}} with its metadata", async () => {
    const id = await startCall((await savedAssistant()).id);
    receiver.script([{ body: { assistant: { name: "Night shift", first_message: "We are closed soon", tts_config: { provider: "elevenlabs" }, metadata: { shift: "night" } } } }]);
    const res = await fetchConfig(id);
    expect(res.status).toBe(200);
    expect(res.body.assistant).toMatchObject({ id: `transient-${id}`, name: "Night shift", first_message: "We are closed soon" });
    expect(res.body.call.metadata).toEqual({ shift: "night" });
    // The transient assistant has no webhook of its own: events go to the organisation's (none here).
    expect(res.body.webhook).toBeNull();
    expect((await db.call.findUniqueOrThrow({ where: { id } })).assistantId).toBeNull();
  });

  it("runs another saved assistant of the organisation with a shallow override (hybrid)", async () => {
    const id = await startCall((await savedAssistant()).id);
    const sales = await createAssistant(org.key, { name: "Sales", first_message: "Sales here", llm_config: { model: "gpt-4o", messages: [{ role: "system", content: "Sell." }] } });
    receiver.script([{ body: { assistant_id: sales.id, assistant_override: { first_message: "Sales, special offer" } } }]);
    const res = await fetchConfig(id);
    expect(res.body.assistant).toMatchObject({ id: sales.id, name: "Sales", first_message: "Sales, special offer", llm_config: { model: "gpt-4o" } });
    expect((await db.call.findUniqueOrThrow({ where: { id } })).assistantId).toBe(sales.id);
  });

  it("refuses the call on {error}: 409 call_refused with the text, the call fails", async () => {
    const id = await startCall((await savedAssistant()).id);
    receiver.script([{ body: { error: "Sorry, we are closed" } }]);
    for (let i = 0; i < 2; i++) {
      const res = await fetchConfig(id);
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: "call_refused", message: "Sorry, we are closed" });
    }
    expect(await db.call.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "failed", endReason: "assistant_request_refused", error: "Sorry, we are closed" });
    expect(receiver.requests).toHaveLength(1);
  });

  it("falls back to the saved assistant on a timeout, a non-2xx, invalid JSON or an invalid answer, and records why", async () => {
    const cases: [Parameters<Receiver["script"]>[0][number], RegExp][] = [
      [{ delayMs: BUDGET_MS + 600, body: { max_duration_seconds: 1 } }, new RegExp(`^No answer within ${BUDGET_MS} ms$`)],
      [{ status: 500, body: { max_duration_seconds: 1 } }, /^Receiver answered HTTP 500$/],
      [{ rawBody: "not json" }, /^The answer is not valid JSON$/],
      [{ body: { assistant: { first_message: "nameless" } } }, /^assistant\.name: /],
      [{ body: { assistant_id: randomUUID() } }, /^assistant_id: no assistant with this id/],
    ];
    const foreign = await createAssistant(other.key, { name: "Theirs" });
    cases.push([{ body: { assistant_id: foreign.id } }, /^assistant_id: no assistant with this id/]);
    for (const [answer, reason] of cases) {
      const id = await startCall((await savedAssistant()).id);
      receiver.script([answer]);
      const started = Date.now();
      const res = await fetchConfig(id);
      expect(Date.now() - started).toBeLessThan(BUDGET_MS + 3000);
      expect(res.status, JSON.stringify(answer)).toBe(200);
      expect(res.body.assistant).toMatchObject({ name: "Saved", max_duration_seconds: 300 });
      const snapshot = (await db.call.findUniqueOrThrow({ where: { id } })).assistantSnapshot as { _resolved: { assistant_request: { outcome: string; reason: string } } };
      expect(snapshot._resolved.assistant_request.outcome).toBe("fallback");
      expect(snapshot._resolved.assistant_request.reason).toMatch(reason);
    }
  });

  it("is not sent when the assistant's webhook_events leave it out", async () => {
    const id = await startCall((await savedAssistant({ webhook_events: ["status-update"] })).id);
    expect((await fetchConfig(id)).status).toBe(200);
    expect(receiver.requests).toHaveLength(0);
  });
});
