import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../fakes/fake-openai";
import { call, useFreshDatabase } from "./support";
import { startReceiver, type Receiver } from "./webhook-receiver";
import { systemScope } from "@/lib/tenancy/scope";

// A multi-tenant deployment (OUTBOUND_ALLOW_PRIVATE_NETWORKS=false): customer-supplied URLs on
// loopback are refused before anything is sent. Event webhooks are logged as failed without
// retries, assistant-request falls back to the saved assistant with the reason, BYOK key tests
// and "Draft with AI" with the organisation's own base URL refuse it; the platform's own
// (env) provider URL, also on loopback here, is still used.
const WORKER_SECRET = "outbound-guard-worker-secret";
const BLOCKED = /^Requests to 127\.0\.0\.1 are blocked: it is a loopback address and this server does not call private networks$/;
let config: typeof import("@/app/api/internal/calls/[id]/config/route");
let assistants: typeof import("@/app/api/v1/assistants/route");
let deliveries: typeof import("@/app/api/v1/calls/[id]/webhook-deliveries/route");
let replay: typeof import("@/app/api/v1/webhook-deliveries/[id]/replay/route");
let byok: typeof import("@/app/api/v1/byok/route");
let byokTest: typeof import("@/app/api/v1/byok/test/route");
let generate: typeof import("@/app/api/v1/assistants/generate/route");
let db: typeof import("@/lib/db").db;
let snapshots: typeof import("@/lib/calls/call-snapshot");
let enqueueWebhook: typeof import("@/lib/webhooks/deliver").enqueueWebhook;
let runDueJobs: typeof import("@/lib/jobs/runner").runDueJobs;
let deliverWebhookJob: typeof import("@/lib/webhooks/deliver").deliverWebhookJob;
let org: Awaited<ReturnType<typeof import("./factories").createOrgWithKey>>;
let receiver: Receiver;
let orgLlm: FakeOpenAI;
let platformLlm: FakeOpenAI;

beforeAll(async () => {
  await useFreshDatabase();
  orgLlm = await startFakeOpenAI({ apiKey: "sk-org-own-key" });
  platformLlm = await startFakeOpenAI({ apiKey: "sk-platform-key" });
  // env() is read lazily: set before the first route runs (this file has its own module graph).
  // LiveKit is not needed: calls are created as rows.
  Object.assign(process.env, {
    OUTBOUND_ALLOW_PRIVATE_NETWORKS: "false",
    WORKER_SECRET,
    WEBHOOK_MAX_ATTEMPTS: "4",
    ASSISTANT_REQUEST_TIMEOUT_MS: "2000",
    LIVEKIT_URL: "ws://127.0.0.1:9",
    OPENAI_API_KEY: "sk-platform-key",
    OPENAI_BASE_URL: platformLlm.baseUrl,
    GENERATION_MODEL: "draft-model",
  });
  config = await import("@/app/api/internal/calls/[id]/config/route");
  assistants = await import("@/app/api/v1/assistants/route");
  deliveries = await import("@/app/api/v1/calls/[id]/webhook-deliveries/route");
  replay = await import("@/app/api/v1/webhook-deliveries/[id]/replay/route");
  byok = await import("@/app/api/v1/byok/route");
  byokTest = await import("@/app/api/v1/byok/test/route");
  generate = await import("@/app/api/v1/assistants/generate/route");
  db = (await import("@/lib/db")).db;
  snapshots = await import("@/lib/calls/call-snapshot");
  const deliver = await import("@/lib/webhooks/deliver");
  enqueueWebhook = deliver.enqueueWebhook;
  deliverWebhookJob = deliver.deliverWebhookJob;
  runDueJobs = (await import("@/lib/jobs/runner")).runDueJobs;
  org = await (await import("./factories")).createOrgWithKey("guard");
  receiver = await startReceiver();
}, 120_000);

afterAll(async () => {
  await Promise.all([receiver?.close(), orgLlm?.close(), platformLlm?.close()]);
});

beforeEach(() => {
  receiver.requests.length = 0;
  receiver.script([], { status: 200, body: {} });
});

async function savedAssistant() {
  const res = await call(assistants.POST, {
    method: "POST",
    key: org.key,
    body: { name: "Saved", first_message: "Saved greeting", webhook_url: receiver.url, webhook_secret: "guard-secret-123", webhook_events: ["assistant-request", "status-update"] },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.assistant as { id: string };
}

async function startCall(assistantId: string) {
  const row = await snapshots.getAssistantRowForCall({ organizationId: org.organization.id }, assistantId);
  const id = randomUUID();
  await db.call.create({
    data: { id, organizationId: org.organization.id, assistantId, type: "web", roomName: `call-${id}`, assistantSnapshot: snapshots.buildAssistantSnapshot(row!) as object },
  });
  return id;
}

const deliveryLog = async (callId: string) => {
  const res = await call(deliveries.GET, { key: org.key, params: { id: callId } });
  expect(res.status).toBe(200);
  return res.body.deliveries as Array<Record<string, unknown> & { id: string; attempt_log: Array<Record<string, unknown>> }>;
};

describe("with OUTBOUND_ALLOW_PRIVATE_NETWORKS=false", () => {
  it("refuses an event webhook to a loopback receiver: logged as failed with the reason, not retried, nothing received", async () => {
    const callId = await startCall((await savedAssistant()).id);
    await enqueueWebhook(systemScope(org.organization.id, "test"), { callId, event: "status-update", url: receiver.url, secret: "guard-secret-123", payload: { message: { type: "status-update" } } });

    expect(await runDueJobs(deliverWebhookJob)).toBe(1);
    // Nothing is left to retry although three attempts remain.
    expect(await runDueJobs(deliverWebhookJob)).toBe(0);
    expect(receiver.requests).toHaveLength(0);

    const [delivery] = await deliveryLog(callId);
    expect(delivery).toMatchObject({ event: "status-update", status: "failed", attempts: 1, max_attempts: 4, next_attempt_at: null });
    expect(delivery!.last_error).toMatch(BLOCKED);
    expect(delivery!.attempt_log).toHaveLength(1);
    expect(delivery!.attempt_log[0]).toMatchObject({ number: 1, trigger: "automatic", status_code: null, response_body: null });
    expect(delivery!.attempt_log[0]!.error).toMatch(BLOCKED);

    // A replay is refused the same way, and logged.
    const replayed = await call(replay.POST, { method: "POST", key: org.key, params: { id: delivery!.id } });
    expect(replayed.body.delivery).toMatchObject({ status: "failed", attempts: 2 });
    expect(receiver.requests).toHaveLength(0);
  });

  it("falls back to the saved assistant when the assistant-request receiver is on loopback, and records why", async () => {
    const callId = await startCall((await savedAssistant()).id);
    const res = await call(config.GET, { params: { id: callId }, headers: { authorization: `Bearer ${WORKER_SECRET}` } });
    expect(res.status).toBe(200);
    expect(res.body.assistant).toMatchObject({ name: "Saved", first_message: "Saved greeting" });
    expect(receiver.requests).toHaveLength(0);

    const snapshot = (await db.call.findUniqueOrThrow({ where: { id: callId } })).assistantSnapshot as { _resolved: { assistant_request: { outcome: string; reason: string } } };
    expect(snapshot._resolved.assistant_request.outcome).toBe("fallback");
    expect(snapshot._resolved.assistant_request.reason).toMatch(BLOCKED);
    const [delivery] = await deliveryLog(callId);
    expect(delivery).toMatchObject({ event: "assistant-request", status: "failed", attempts: 1 });
  });

  it("refuses the organisation's own loopback base URL for key tests and Draft with AI; the platform's own URL still works", async () => {
    const saved = await call(byok.POST, { method: "POST", key: org.key, body: { provider: "openai", api_key: "sk-org-own-key", base_url: orgLlm.baseUrl } });
    expect(saved.status).toBeLessThan(300);

    const tested = await call(byokTest.POST, { method: "POST", key: org.key, body: { provider: "openai" } });
    expect(tested.status).toBe(200);
    expect(tested.body).toEqual({ ok: false, message: `Could not test the key at ${orgLlm.baseUrl}: Requests to 127.0.0.1 are blocked: it is a loopback address and this server does not call private networks` });

    const drafted = await call(generate.POST, { method: "POST", key: org.key, body: { description: "A dental clinic in Utrecht; callers book appointments." } });
    expect(drafted.status).toBe(502);
    expect(drafted.body.error).toMatchObject({ code: "provider_error" });
    expect(drafted.body.error.message).toMatch(/^The language model base URL is refused: Requests to 127\.0\.0\.1 are blocked/);
    expect(orgLlm.requests).toHaveLength(0);

    // An organisation without its own key uses the platform's (env) base URL: not guarded.
    const plain = await (await import("./factories")).createOrgWithKey("guard-platform");
    platformLlm.queueReplies(JSON.stringify({ system_prompt: "You are the bakery's receptionist.", first_message: "Bakery, how can I help?" }));
    const platform = await call(generate.POST, { method: "POST", key: plain.key, body: { description: "A bakery that takes cake orders by phone." } });
    expect(platform.status, JSON.stringify(platform.body)).toBe(200);
    expect(platformLlm.requests).toHaveLength(1);
  });
});
