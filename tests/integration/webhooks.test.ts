import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RoomServiceClient } from "livekit-server-sdk";
import type { LivekitServer } from "../../scripts/lib/livekit.ts";
import { call, startTestLivekit, useFreshDatabase } from "./support";
import { startReceiver, type Receiver } from "./webhook-receiver";
import { systemScope } from "@/lib/tenancy/scope";

// Event webhooks end to end against real local receivers: routing, signing, retries with the
// attempt log, replay, the event filter, the status-update sequence, end-of-call-report, the
// worker config's resolved servers, web-call variants, the stale-call sweep and tenancy.
const WORKER_SECRET = "webhooks-worker-secret";
let livekit: LivekitServer;
let routes: {
  web: typeof import("@/app/api/v1/calls/web/route");
  assistants: typeof import("@/app/api/v1/assistants/route");
  config: typeof import("@/app/api/internal/calls/[id]/config/route");
  events: typeof import("@/app/api/internal/calls/[id]/events/route");
  deliveries: typeof import("@/app/api/v1/calls/[id]/webhook-deliveries/route");
  replay: typeof import("@/app/api/v1/webhook-deliveries/[id]/replay/route");
  orgWebhook: typeof import("@/app/api/v1/organizations/webhook/route");
};
let db: typeof import("@/lib/db").db;
let runDueJobs: typeof import("@/lib/jobs/runner").runDueJobs;
let deliverWebhookJob: typeof import("@/lib/webhooks/deliver").deliverWebhookJob;
let webhooks: typeof import("@/lib/calls/call-webhooks");
let verify: typeof import("@/lib/webhooks/signature").verifyWebhookSignature;
let sweepStaleCalls: typeof import("@/lib/calls/sweep-stale-calls").sweepStaleCalls;
let createOrgWithKey: typeof import("./factories").createOrgWithKey;
let receiver: Receiver;
let orgReceiver: Receiver;
let toolReceiver: Receiver;

beforeAll(async () => {
  await useFreshDatabase();
  livekit = await startTestLivekit();
  Object.assign(process.env, {
    WORKER_SECRET,
    AGENT_NAME: "switchboard-agent-webhooks-it",
    AGENT_JOIN_TIMEOUT_SECONDS: "60",
    WEBHOOK_MAX_ATTEMPTS: "3",
    WEBHOOK_TIMEOUT_MS: "2000",
    // A failed delivery is due again at once, so the tests run retries without waiting.
    JOB_RETRY_BASE_MS: "0",
  });
  routes = {
    web: await import("@/app/api/v1/calls/web/route"),
    assistants: await import("@/app/api/v1/assistants/route"),
    config: await import("@/app/api/internal/calls/[id]/config/route"),
    events: await import("@/app/api/internal/calls/[id]/events/route"),
    deliveries: await import("@/app/api/v1/calls/[id]/webhook-deliveries/route"),
    replay: await import("@/app/api/v1/webhook-deliveries/[id]/replay/route"),
    orgWebhook: await import("@/app/api/v1/organizations/webhook/route"),
  };
  db = (await import("@/lib/db")).db;
  runDueJobs = (await import("@/lib/jobs/runner")).runDueJobs;
  deliverWebhookJob = (await import("@/lib/webhooks/deliver")).deliverWebhookJob;
  webhooks = await import("@/lib/calls/call-webhooks");
  verify = (await import("@/lib/webhooks/signature")).verifyWebhookSignature;
  sweepStaleCalls = (await import("@/lib/calls/sweep-stale-calls")).sweepStaleCalls;
  createOrgWithKey = (await import("./factories")).createOrgWithKey;
  [receiver, orgReceiver, toolReceiver] = [await startReceiver(), await startReceiver(), await startReceiver()];
}, 120_000);

afterAll(async () => {
  await Promise.all([receiver?.close(), orgReceiver?.close(), toolReceiver?.close()]);
  await livekit?.stop();
  await (await import("@/lib/jobs/boss")).closeJobQueue();
});

beforeEach(async () => {
  // Settle what earlier tests left queued, so each test sees only its own deliveries.
  receiver.script([], { status: 200, body: { ok: true } });
  while ((await deliverJobs()) > 0);
  for (const r of [receiver, orgReceiver, toolReceiver]) {
    r.requests.length = 0;
    r.script([], { status: 200, body: { ok: true } });
  }
});

type Org = Awaited<ReturnType<typeof createOrgWithKey>>;
const worker = { authorization: `Bearer ${WORKER_SECRET}` };
const deliverJobs = () => runDueJobs(deliverWebhookJob);

async function createAssistant(org: Org, body: Record<string, unknown>) {
  const res = await call(routes.assistants.POST, { method: "POST", key: org.key, body: { name: "Webhooks", ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.assistant as { id: string };
}

async function startWebCall(org: Org, body: Record<string, unknown>) {
  const res = await call(routes.web.POST, { method: "POST", key: org.key, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.call_id as string;
}

const sendEvent = (id: string, body: unknown) => call(routes.events.POST, { method: "POST", params: { id }, headers: worker, body });
const fetchConfig = (id: string) => call(routes.config.GET, { params: { id }, headers: worker });
const listDeliveries = (org: Org, id: string) => call(routes.deliveries.GET, { key: org.key, params: { id } });
const ended = (extra: Record<string, unknown> = {}) => ({
  type: "ended",
  status: "ended",
  end_reason: "user_hangup",
  ended_at: new Date().toISOString(),
  transcript: [{ role: "assistant", content: "Hello" }, { role: "user", content: "Bye" }],
  ...extra,
});

describe("status-update", () => {
  it("is signed with the assistant's secret, verifiable by the receiver, and follows in-progress -> ended once each", async () => {
    const org = await createOrgWithKey("wh-status");
    const assistant = await createAssistant(org, { webhook_url: receiver.url, webhook_secret: "assistant-secret-123" });
    const id = await startWebCall(org, { assistant_id: assistant.id, metadata: { customer: "ACME" } });

    expect((await sendEvent(id, { type: "started" })).status).toBe(200);
    expect((await sendEvent(id, { type: "started" })).status).toBe(200); // a repeat sends nothing new
    expect(await deliverJobs()).toBe(1);
    expect((await sendEvent(id, ended())).status).toBe(200);
    expect((await sendEvent(id, ended())).status).toBe(200);
    expect(await deliverJobs()).toBe(1);
    expect(await deliverJobs()).toBe(0);

    expect(receiver.requests.map((r) => r.json.message.call)).toEqual([
      { id, type: "web_call", status: "in-progress" },
      { id, type: "web_call", status: "ended" },
    ]);
    for (const request of receiver.requests) {
      expect(request.headers["x-webhook-event"]).toBe("status-update");
      expect(request.headers["x-webhook-id"]).toMatch(/^status-update:(in-progress|ended):/);
      expect(verify({ secret: "assistant-secret-123", rawBody: request.rawBody, signature: request.headers["x-webhook-signature"] as string, timestamp: request.headers["x-webhook-timestamp"] as string })).toBe(true);
      expect(verify({ secret: "wrong-secret", rawBody: request.rawBody, signature: request.headers["x-webhook-signature"] as string, timestamp: request.headers["x-webhook-timestamp"] as string })).toBe(false);
      const assistantJson = request.json.message.assistant as Record<string, unknown>;
      expect(assistantJson).toMatchObject({ id: assistant.id, webhook_secret: "********", metadata: { customer: "ACME" } });
      expect(assistantJson).not.toHaveProperty("_secrets");
      expect(request.rawBody).not.toContain("assistant-secret-123");
    }
    expect(receiver.requests[1]!.json.message).toMatchObject({ type: "status-update", end_reason: "user_hangup" });
    expect(receiver.requests[1]!.json.message).not.toHaveProperty("error");
  });

  it("reports a failed call as ended-with-error with its error", async () => {
    const org = await createOrgWithKey("wh-error");
    const assistant = await createAssistant(org, { webhook_url: receiver.url });
    const id = await startWebCall(org, { assistant_id: assistant.id });
    await sendEvent(id, { type: "started" });
    await sendEvent(id, ended({ status: "failed", end_reason: "provider_error", error: "TTS unavailable" }));
    expect(await deliverJobs()).toBe(2);
    const messages = receiver.requests.map((r) => r.json.message);
    expect(messages.map((m) => (m.call as { status: string }).status).sort()).toEqual(["ended-with-error", "in-progress"]);
    expect(messages.find((m) => (m.call as { status: string }).status === "ended-with-error")).toMatchObject({ error: "TTS unavailable", end_reason: "provider_error" });
    // Without a secret nothing is signed.
    expect(receiver.requests[0]!.headers["x-webhook-signature"]).toBeUndefined();
  });
});

describe("delivery retries, attempt log and replay", () => {
  it("retries a failing receiver until it answers 2xx: one delivery, every attempt logged", async () => {
    const org = await createOrgWithKey("wh-retry");
    const assistant = await createAssistant(org, { webhook_url: receiver.url });
    const id = await startWebCall(org, { assistant_id: assistant.id });
    receiver.script([{ status: 500, body: { error: "boom" } }, { status: 502, rawBody: "bad gateway" }]);
    await sendEvent(id, { type: "started" });

    expect(await deliverJobs()).toBe(1);
    const pending = (await listDeliveries(org, id)).body.deliveries;
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ status: "pending", attempts: 1, max_attempts: 3, last_error: "Receiver answered HTTP 500" });
    expect(pending[0].next_attempt_at).not.toBeNull();
    expect(await deliverJobs()).toBe(1);
    expect(await deliverJobs()).toBe(1);
    expect(await deliverJobs()).toBe(0);

    const res = await listDeliveries(org, id);
    expect(res.status).toBe(200);
    expect(res.body.deliveries).toHaveLength(1);
    const [delivery] = res.body.deliveries;
    expect(delivery).toMatchObject({ event: "status-update", url: receiver.url, status: "succeeded", attempts: 3, last_error: null, next_attempt_at: null });
    expect(delivery.succeeded_at).not.toBeNull();
    expect(delivery.attempt_log.map((a: { number: number; status_code: number; trigger: string }) => [a.number, a.status_code, a.trigger])).toEqual([
      [1, 500, "automatic"],
      [2, 502, "automatic"],
      [3, 200, "automatic"],
    ]);
    expect(delivery.attempt_log[0].response_body).toBe('{"error":"boom"}');
    expect(delivery.attempt_log[1]).toMatchObject({ response_body: "bad gateway", error: "Receiver answered HTTP 502" });
    // Every attempt carried the same idempotency key.
    expect(new Set(receiver.requests.map((r) => r.headers["x-webhook-id"]))).toEqual(new Set([delivery.idempotency_key]));
  });

  it("fails after its attempts are used, and a replay re-sends the same delivery", async () => {
    const org = await createOrgWithKey("wh-fail");
    const assistant = await createAssistant(org, { webhook_url: receiver.url, webhook_secret: "replay-secret-123" });
    const id = await startWebCall(org, { assistant_id: assistant.id });
    receiver.script([], { status: 503, body: {} });
    await sendEvent(id, { type: "started" });
    for (let i = 0; i < 3; i++) expect(await deliverJobs()).toBe(1);
    expect(await deliverJobs()).toBe(0);
    let [delivery] = (await listDeliveries(org, id)).body.deliveries;
    expect(delivery).toMatchObject({ status: "failed", attempts: 3, last_error: "Receiver answered HTTP 503", next_attempt_at: null });

    // A replay that fails again is logged and changes nothing else.
    let replay = await call(routes.replay.POST, { method: "POST", key: org.key, params: { id: delivery.id } });
    expect(replay.status).toBe(200);
    expect(replay.body.delivery).toMatchObject({ status: "failed", attempts: 4 });

    receiver.script([], { status: 204 });
    replay = await call(routes.replay.POST, { method: "POST", key: org.key, params: { id: delivery.id } });
    expect(replay.status).toBe(200);
    delivery = replay.body.delivery;
    expect(delivery).toMatchObject({ status: "succeeded", attempts: 5, last_error: null });
    expect(delivery.attempt_log.map((a: { trigger: string; status_code: number }) => `${a.trigger}:${a.status_code}`)).toEqual([
      "automatic:503", "automatic:503", "automatic:503", "replay:503", "replay:204",
    ]);
    const last = receiver.requests.at(-1)!;
    expect(last.headers["x-webhook-id"]).toBe(delivery.idempotency_key);
    expect(last.rawBody).toBe(receiver.requests[0]!.rawBody);
    expect(verify({ secret: "replay-secret-123", rawBody: last.rawBody, signature: last.headers["x-webhook-signature"] as string, timestamp: last.headers["x-webhook-timestamp"] as string })).toBe(true);
  });

  it("logs an unreachable receiver as an attempt with an error and no status", async () => {
    const org = await createOrgWithKey("wh-down");
    const closed = await startReceiver();
    await closed.close();
    const assistant = await createAssistant(org, { webhook_url: closed.url });
    const id = await startWebCall(org, { assistant_id: assistant.id });
    await sendEvent(id, { type: "started" });
    await deliverJobs();
    const [delivery] = (await listDeliveries(org, id)).body.deliveries;
    expect(delivery.attempt_log[0]).toMatchObject({ status_code: null, response_body: null });
    expect(delivery.attempt_log[0].error).toMatch(/^Request failed: /);
  });

  it("answers 404 for another organisation's call deliveries and replay", async () => {
    const org = await createOrgWithKey("wh-owner");
    const other = await createOrgWithKey("wh-other");
    const assistant = await createAssistant(org, { webhook_url: receiver.url });
    const id = await startWebCall(org, { assistant_id: assistant.id });
    await sendEvent(id, { type: "started" });
    const [delivery] = (await listDeliveries(org, id)).body.deliveries;
    for (const res of [
      await listDeliveries(other, id),
      await call(routes.replay.POST, { method: "POST", key: other.key, params: { id: delivery.id } }),
      await call(routes.replay.POST, { method: "POST", key: org.key, params: { id: "not-a-uuid" } }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    expect(receiver.requests).toHaveLength(0);
  });
});

describe("routing", () => {
  it("uses the organisation webhook when the assistant has none, and the assistant's when it has one", async () => {
    const org = await createOrgWithKey("wh-route");
    const patched = await call(routes.orgWebhook.PATCH, { method: "PATCH", key: org.key, body: { webhook_url: orgReceiver.url, webhook_secret: "org-secret-4567" } });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ webhook_url: orgReceiver.url, webhook_secret: "****4567" });
    expect((await call(routes.orgWebhook.GET, { key: org.key })).body).toEqual(patched.body);

    const plain = await createAssistant(org, {});
    const own = await createAssistant(org, { webhook_url: receiver.url });
    const viaOrg = await startWebCall(org, { assistant_id: plain.id });
    const viaAssistant = await startWebCall(org, { assistant_id: own.id });
    await sendEvent(viaOrg, { type: "started" });
    await sendEvent(viaAssistant, { type: "started" });
    await deliverJobs();
    expect(orgReceiver.requests.map((r) => (r.json.message.call as { id: string }).id)).toEqual([viaOrg]);
    expect(receiver.requests.map((r) => (r.json.message.call as { id: string }).id)).toEqual([viaAssistant]);
    const signed = orgReceiver.requests[0]!;
    expect(verify({ secret: "org-secret-4567", rawBody: signed.rawBody, signature: signed.headers["x-webhook-signature"] as string, timestamp: signed.headers["x-webhook-timestamp"] as string })).toBe(true);
    expect(receiver.requests[0]!.headers["x-webhook-signature"]).toBeUndefined();

    // Clearing the URL clears the secret; bad input gets the public error format.
    expect((await call(routes.orgWebhook.PATCH, { method: "PATCH", key: org.key, body: { webhook_url: null } })).body).toEqual({ webhook_url: null, webhook_secret: null });
    const bad = await call(routes.orgWebhook.PATCH, { method: "PATCH", key: org.key, body: { webhook_url: "ftp://example.com" } });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: "validation_error", param: "webhook_url" });
    const stored = await db.organization.findUniqueOrThrow({ where: { id: org.organization.id } });
    expect(stored.webhookSecretEnc).toBeNull();
  });

  it("honours webhook_events: only the selected events are sent", async () => {
    const org = await createOrgWithKey("wh-filter");
    const assistant = await createAssistant(org, { webhook_url: receiver.url, webhook_events: ["end-of-call-report"] });
    const id = await startWebCall(org, { assistant_id: assistant.id });
    await sendEvent(id, { type: "started" });
    await sendEvent(id, ended());
    expect(await deliverJobs()).toBe(0);
    await webhooks.enqueueEndOfCallReport(systemScope(org.organization.id, "test"), id);
    await webhooks.enqueueEndOfCallReport(systemScope(org.organization.id, "test"), id); // once per call
    expect(await deliverJobs()).toBe(1);
    expect(receiver.requests.map((r) => r.json.message.type)).toEqual(["end-of-call-report"]);
  });

  it("resolves every function tool's server for the worker: tool url, then assistant webhook, then organisation, secrets decrypted", async () => {
    const org = await createOrgWithKey("wh-tools");
    await call(routes.orgWebhook.PATCH, { method: "PATCH", key: org.key, body: { webhook_url: orgReceiver.url, webhook_secret: "org-tool-secret" } });
    const tools = [
      { type: "function", function: { name: "own_url" }, server: { url: toolReceiver.url, secret: "tool-secret-abc" } },
      { type: "function", function: { name: "inherits" } },
      { type: "end_call" },
    ];
    const withWebhook = await createAssistant(org, { webhook_url: receiver.url, webhook_secret: "assistant-tool-secret", llm_config: { tools } });
    const withoutWebhook = await createAssistant(org, { llm_config: { tools } });

    const a = await fetchConfig(await startWebCall(org, { assistant_id: withWebhook.id }));
    expect(a.status).toBe(200);
    const serversA = a.body.assistant.llm_config.tools.map((t: { server?: unknown }) => t.server ?? null);
    expect(serversA).toEqual([{ url: toolReceiver.url, secret: "tool-secret-abc" }, { url: receiver.url, secret: "assistant-tool-secret" }, null]);
    expect(a.body.webhook).toEqual({ url: receiver.url, secret: "assistant-tool-secret", events: [] });
    expect(a.body.recording).toEqual({ enabled: true });
    expect(a.body.assistant).not.toHaveProperty("_secrets");
    expect(a.body.assistant).not.toHaveProperty("webhook_secret");

    const b = await fetchConfig(await startWebCall(org, { assistant_id: withoutWebhook.id }));
    expect(b.body.assistant.llm_config.tools[1].server).toEqual({ url: orgReceiver.url, secret: "org-tool-secret" });
    expect(b.body.webhook).toEqual({ url: orgReceiver.url, secret: "org-tool-secret", events: [] });

    // Public reads never show the secrets.
    const publicAssistant = await call((await import("@/app/api/v1/assistants/[id]/route")).GET, { key: org.key, params: { id: withWebhook.id } });
    expect(JSON.stringify(publicAssistant.body)).not.toMatch(/tool-secret-abc|assistant-tool-secret/);
  });
});

describe("end-of-call-report", () => {
  it("carries the call's outcome once it has ended", async () => {
    const org = await createOrgWithKey("wh-eocr");
    const assistant = await createAssistant(org, { webhook_url: receiver.url, webhook_events: ["end-of-call-report"] });
    const id = await startWebCall(org, { assistant_id: assistant.id, metadata: { lead: 7 } });
    expect(await webhooks.enqueueEndOfCallReport(systemScope(org.organization.id, "test"), id)).toBeNull(); // not ended yet
    const startedAt = new Date(Date.now() - 42_000).toISOString();
    await sendEvent(id, { type: "started", at: startedAt });
    await sendEvent(id, ended({
      tool_calls: [{ id: "call_1", name: "lookup", arguments: { q: "x" }, result: "found", started_at: startedAt }],
    }));
    await db.call.update({ where: { id }, data: { summary: "The caller said bye.", analysis: { intent: "bye" }, cost: "0.0512", recordingKey: `${id}.ogg` } });
    await webhooks.enqueueEndOfCallReport(systemScope(org.organization.id, "test"), id);
    await deliverJobs();
    expect(receiver.requests).toHaveLength(1);
    const message = receiver.requests[0]!.json.message;
    expect(message).toMatchObject({
      type: "end-of-call-report",
      call: { id, type: "web_call", status: "ended" },
      end_reason: "user_hangup",
      summary: "The caller said bye.",
      analysis: { intent: "bye" },
      cost: 0.0512,
      started_at: startedAt,
      messages: [{ role: "assistant", content: "Hello" }, { role: "user", content: "Bye" }],
      tool_calls: [{ id: "call_1", name: "lookup", arguments: { q: "x" }, result: "found" }],
      assistant: { id: assistant.id, metadata: { lead: 7 } },
    });
    expect(message.duration_seconds).toBeGreaterThanOrEqual(41);
    // The signed recording URL (no API key needed) of the stored recording.
    expect(message.recording_url).toMatch(new RegExp(`/api/v1/calls/${id}/recording\\?.*signature=`));
    expect(typeof message.ended_at).toBe("string");
    expect(message).not.toHaveProperty("voicemail"); // no answering-machine check ran
  });

  it("carries the answering-machine check of a call that reached a voicemail, as the worker reported it", async () => {
    const org = await createOrgWithKey("wh-eocr-vm");
    const assistant = await createAssistant(org, { webhook_url: receiver.url, webhook_events: ["end-of-call-report"] });
    const id = await startWebCall(org, { assistant_id: assistant.id });
    await sendEvent(id, { type: "started", at: new Date().toISOString() });
    const voicemail = { result: "machine", greeting: "Please leave a message after the tone.", matched: ["leave a message", "after the tone"], detected_at: new Date().toISOString(), message_left: true };
    expect((await sendEvent(id, ended({ end_reason: "voicemail", voicemail }))).status).toBe(200);
    expect((await db.call.findUniqueOrThrow({ where: { id } })).voicemail).toEqual(voicemail);
    await webhooks.enqueueEndOfCallReport(systemScope(org.organization.id, "test"), id);
    await deliverJobs();
    expect(receiver.requests.map((r) => r.json.message)).toEqual([expect.objectContaining({ type: "end-of-call-report", end_reason: "voicemail", voicemail })]);
  });

  it("refuses a malformed answering-machine check in the worker's report", async () => {
    const org = await createOrgWithKey("wh-eocr-vm-bad");
    const assistant = await createAssistant(org, {});
    const id = await startWebCall(org, { assistant_id: assistant.id });
    const response = await sendEvent(id, ended({ end_reason: "voicemail", voicemail: { result: "robot", greeting: null, detected_at: "now" } }));
    expect(response.status).toBe(422);
    expect(response.body.error.param).toMatch(/^voicemail/);
    expect((await db.call.findUniqueOrThrow({ where: { id } })).endReason).toBeNull();
  });
});

describe("web calls", () => {
  it("accepts a transient assistant, an assistant_override and metadata, and still refuses inactive assistants", async () => {
    const org = await createOrgWithKey("wh-web");
    const transientId = await startWebCall(org, {
      assistant: { name: "Transient", first_message: "Hi {{name}}", webhook_url: receiver.url, webhook_secret: "transient-secret" },
      metadata: { name: "Ada" },
    });
    const transient = await db.call.findUniqueOrThrow({ where: { id: transientId } });
    expect(transient.assistantId).toBeNull();
    expect(transient.metadata).toEqual({ name: "Ada" });
    expect(JSON.stringify(transient.assistantSnapshot)).not.toContain("transient-secret");
    const config = await fetchConfig(transientId);
    expect(config.body.assistant).toMatchObject({ id: `transient-${transientId}`, name: "Transient", first_message: "Hi {{name}}" });
    expect(config.body.webhook).toMatchObject({ url: receiver.url, secret: "transient-secret" });
    expect(config.body.call.metadata).toEqual({ name: "Ada" });

    const saved = await createAssistant(org, { first_message: "Saved hello", max_duration_seconds: 300 });
    const overridden = await fetchConfig(await startWebCall(org, { assistant_id: saved.id, assistant_override: { max_duration_seconds: 60, gdpr_mode: true } }));
    expect(overridden.body.assistant).toMatchObject({ id: saved.id, first_message: "Saved hello", max_duration_seconds: 60, gdpr_mode: true });
    expect(overridden.body.recording).toEqual({ enabled: false });

    const cases: [unknown, number, string][] = [
      [{ assistant: { first_message: "no name" } }, 422, "assistant.name"],
      [{ assistant_id: saved.id, assistant_override: { max_duration_seconds: -5 } }, 422, "assistant_override.max_duration_seconds"],
      [{ assistant_id: saved.id, assistant_override: { bogus: 1 } }, 422, "assistant_override.bogus"],
      [{ assistant_id: saved.id, assistant: { name: "x" } }, 422, "assistant"],
      [{ assistant_id: saved.id, metadata: { big: "x".repeat(20_000) } }, 422, "metadata"],
      [{ assistant_id: saved.id, metadata: "nope" }, 422, "metadata"],
    ];
    for (const [body, status, param] of cases) {
      const res = await call(routes.web.POST, { method: "POST", key: org.key, body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error.param).toBe(param);
    }
    const inactive = await createAssistant(org, { is_active: false });
    const res = await call(routes.web.POST, { method: "POST", key: org.key, body: { assistant_id: inactive.id, assistant_override: { is_active: true } } });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("assistant_inactive");
  });
});

describe("stale calls", () => {
  it("ends in-progress calls whose room is gone with worker_lost and reports it", async () => {
    const org = await createOrgWithKey("wh-stale");
    const assistant = await createAssistant(org, { webhook_url: receiver.url });
    const lost = await startWebCall(org, { assistant_id: assistant.id });
    const alive = await startWebCall(org, { assistant_id: assistant.id });
    await sendEvent(lost, { type: "started" });
    await sendEvent(alive, { type: "started" });
    await deliverJobs();
    await new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret).deleteRoom(`call-${lost}`);

    expect(await sweepStaleCalls({ graceSeconds: 3600 })).toBe(0); // still within the grace period
    expect(await sweepStaleCalls({ graceSeconds: 0 })).toBe(1);
    expect(await sweepStaleCalls({ graceSeconds: 0 })).toBe(0);
    const rows = await db.call.findMany({ where: { id: { in: [lost, alive] } } });
    expect(rows.find((r) => r.id === lost)).toMatchObject({ status: "failed", endReason: "worker_lost" });
    expect(rows.find((r) => r.id === alive)).toMatchObject({ status: "in_progress", endReason: null });

    await deliverJobs();
    const lostUpdates = receiver.requests.filter((r) => (r.json.message.call as { id: string }).id === lost).map((r) => r.json.message);
    expect(lostUpdates.map((m) => (m.call as { status: string }).status)).toEqual(["in-progress", "ended-with-error"]);
    expect(lostUpdates[1]).toMatchObject({ end_reason: "worker_lost" });
  });

  it("fails a call whose agent never joined when its join timeout comes due, and reports it", async () => {
    const { joinTimeoutJob } = await import("@/lib/calls/join-timeout");
    const { finaliseCallJob } = await import("@/lib/calls/finalise-call");
    const boss = await (await import("@/lib/jobs/boss")).jobQueue();
    const org = await createOrgWithKey("wh-join-timeout");
    const assistant = await createAssistant(org, { webhook_url: receiver.url });
    const unanswered = await startWebCall(org, { assistant_id: assistant.id });
    // One job per call, delayed by AGENT_JOIN_TIMEOUT_SECONDS (60 here); reads change nothing.
    const [job] = await boss.findJobs(joinTimeoutJob.name, { data: { call_id: unanswered } });
    expect(job!.startAfter.getTime() - job!.createdOn.getTime()).toBeGreaterThanOrEqual(59_000);
    await runDueJobs(joinTimeoutJob);
    expect(await call(routes.deliveries.GET, { key: org.key, params: { id: unanswered } })).toMatchObject({ status: 200, body: { deliveries: [] } });
    expect(await db.call.findUnique({ where: { id: unanswered } })).toMatchObject({ status: "connecting" });

    // Run it now instead of waiting a minute: the call fails, with its post-call work queued in the same transaction.
    await runDueJobs(joinTimeoutJob, { ignoreStartAfter: true, limit: 100 });
    expect(await db.call.findUnique({ where: { id: unanswered } })).toMatchObject({ status: "failed", endReason: "agent_did_not_join", analysisStatus: "pending" });
    // Drained: the join timeouts just run include earlier tests' unanswered calls, whose
    // finalise jobs and deliveries are queued too, so one batch of each need not reach this call's.
    while ((await runDueJobs(finaliseCallJob)) > 0);
    while ((await deliverJobs()) > 0);

    const messages = receiver.requests.filter((r) => (r.json.message.call as { id: string }).id === unanswered).map((r) => r.json.message);
    // Deliveries run concurrently, so their arrival order is not fixed.
    expect(messages.map((m) => m.type).sort()).toEqual(["end-of-call-report", "status-update"]);
    expect(messages.find((m) => m.type === "status-update")).toMatchObject({ call: { status: "ended-with-error" }, end_reason: "agent_did_not_join" });
    expect(messages.find((m) => m.type === "end-of-call-report")).toMatchObject({ end_reason: "agent_did_not_join", messages: [] });
    // A second run of the timeout (a retry, say) changes nothing.
    expect(await (await import("@/lib/calls/join-timeout")).expireUnansweredCall(systemScope(org.organization.id, "test"), unanswered)).toBe(false);
  });

  it("catches up the reports of calls that ended without them (a row ended outside the normal paths, or by an older release)", async () => {
    const { reconcileEndedCalls } = await import("@/lib/calls/sweep-stale-calls");
    const { finaliseCallJob } = await import("@/lib/calls/finalise-call");
    const org = await createOrgWithKey("wh-reconcile");
    const assistant = await createAssistant(org, { webhook_url: receiver.url });
    const unanswered = await startWebCall(org, { assistant_id: assistant.id });
    // Ended without the post-call work.
    await db.call.update({ where: { id: unanswered }, data: { status: "failed", endReason: "agent_did_not_join", error: "The agent did not join the call", endedAt: new Date() } });
    expect(await db.call.findUnique({ where: { id: unanswered } })).toMatchObject({ status: "failed", endReason: "agent_did_not_join", analysisStatus: null });

    expect(await reconcileEndedCalls({ graceSeconds: 3600 })).toBe(0); // not before the grace period
    expect(await reconcileEndedCalls({ graceSeconds: 0 })).toBe(1);
    expect(await reconcileEndedCalls({ graceSeconds: 0 })).toBe(0); // queued once
    // Drained: the join timeouts just run include earlier tests' unanswered calls, whose
    // finalise jobs and deliveries are queued too, so one batch of each need not reach this call's.
    while ((await runDueJobs(finaliseCallJob)) > 0);
    while ((await deliverJobs()) > 0);

    const messages = receiver.requests.filter((r) => (r.json.message.call as { id: string }).id === unanswered).map((r) => r.json.message);
    // Deliveries run concurrently, so their arrival order is not fixed.
    expect(messages.map((m) => m.type).sort()).toEqual(["end-of-call-report", "status-update"]);
    expect(messages.find((m) => m.type === "status-update")).toMatchObject({ call: { status: "ended-with-error" }, end_reason: "agent_did_not_join" });
    expect(messages.find((m) => m.type === "end-of-call-report")).toMatchObject({ end_reason: "agent_did_not_join", messages: [] });
  });
});
