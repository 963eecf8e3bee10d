import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentDispatchClient, RoomServiceClient } from "livekit-server-sdk";
import type { LivekitServer } from "../../scripts/lib/livekit.ts";
import { callConfigSchema } from "../../lib/contract/call-config";
import { call, startTestLivekit, useFreshDatabase } from "./support";

const WORKER_SECRET = "integration-worker-secret";
let livekit: LivekitServer;
let routes: {
  web: typeof import("@/app/api/v1/calls/web/route");
  list: typeof import("@/app/api/v1/calls/route");
  one: typeof import("@/app/api/v1/calls/[id]/route");
  assistants: typeof import("@/app/api/v1/assistants/route");
  config: typeof import("@/app/api/internal/calls/[id]/config/route");
  events: typeof import("@/app/api/internal/calls/[id]/events/route");
};
let orgA: Awaited<ReturnType<typeof import("./factories").createOrgWithKey>>;
let orgB: typeof orgA;
let assistantId: string;

beforeAll(async () => {
  await useFreshDatabase();
  livekit = await startTestLivekit();
  Object.assign(process.env, {
    WORKER_SECRET,
    AGENT_NAME: "switchboard-agent-it",
    AGENT_JOIN_TIMEOUT_SECONDS: "5",
  });
  routes = {
    web: await import("@/app/api/v1/calls/web/route"),
    list: await import("@/app/api/v1/calls/route"),
    one: await import("@/app/api/v1/calls/[id]/route"),
    assistants: await import("@/app/api/v1/assistants/route"),
    config: await import("@/app/api/internal/calls/[id]/config/route"),
    events: await import("@/app/api/internal/calls/[id]/events/route"),
  };
  const { createOrgWithKey } = await import("./factories");
  orgA = await createOrgWithKey("calls-a");
  orgB = await createOrgWithKey("calls-b");
  const created = await call(routes.assistants.POST, { method: "POST", key: orgA.key, body: { name: "Caller test", first_message: "Hi there" } });
  assistantId = created.body.assistant.id;
}, 120_000);

afterAll(async () => {
  await livekit?.stop();
  await (await import("@/lib/jobs/boss")).closeJobQueue();
});

const startCall = (key: string, body: unknown) => call(routes.web.POST, { method: "POST", key, body });
const worker = (secret = WORKER_SECRET) => ({ authorization: `Bearer ${secret}` });

describe("POST /api/v1/calls/web", () => {
  it("creates the call, the room, the agent dispatch and a participant token", async () => {
    const res = await startCall(orgA.key, { assistant_id: assistantId });
    expect(res.status).toBe(201);
    const { call_id, token, server_url, room } = res.body;
    expect(server_url).toBe(livekit.url);
    expect(room).toBe(`call-${call_id}`);
    const claims = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
    expect(claims.video).toMatchObject({ room, roomJoin: true, canPublish: true, canSubscribe: true });
    expect(claims.exp - claims.nbf).toBeLessThanOrEqual(600);

    const rooms = await new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret).listRooms([room]);
    expect(rooms.map((r) => r.name)).toEqual([room]);
    const dispatches = await new AgentDispatchClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret).listDispatch(room);
    expect(dispatches).toHaveLength(1);
    expect(dispatches[0]!.agentName).toBe("switchboard-agent-it");
    expect(JSON.parse(dispatches[0]!.metadata)).toEqual({ call_id });

    const stored = await call(routes.one.GET, { key: orgA.key, params: { id: call_id } });
    expect(stored.body).toMatchObject({ id: call_id, status: "connecting", type: "web", direction: "web", assistant_id: assistantId, room_name: room });
  });

  it("accepts agent_id, and rejects missing, foreign and inactive assistants", async () => {
    expect((await startCall(orgA.key, { agent_id: assistantId })).status).toBe(201);
    const missing = await startCall(orgA.key, {});
    expect(missing.status).toBe(422);
    expect(missing.body.error.param).toBe("assistant_id");
    const foreign = await startCall(orgB.key, { assistant_id: assistantId });
    expect(foreign.status).toBe(404);
    const inactive = await call(routes.assistants.POST, { method: "POST", key: orgA.key, body: { name: "Off", is_active: false } });
    const res = await startCall(orgA.key, { assistant_id: inactive.body.assistant.id });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("assistant_inactive");
    expect((await call(routes.web.POST, { method: "POST", body: { assistant_id: assistantId } })).status).toBe(401);
  });
});

describe("worker reports through the internal API", () => {
  it("requires the worker secret", async () => {
    const { call_id } = (await startCall(orgA.key, { assistant_id: assistantId })).body;
    for (const headers of [{}, worker("wrong-secret"), { authorization: `Bearer ${orgA.key}` }]) {
      const res = await call(routes.config.GET, { params: { id: call_id }, headers });
      expect(res.status).toBe(401);
    }
  });

  it("serves the config, then records start and end with the transcript", async () => {
    const { call_id } = (await startCall(orgA.key, { assistant_id: assistantId })).body;
    const config = await call(routes.config.GET, { params: { id: call_id }, headers: worker() });
    expect(config.status).toBe(200);
    expect(config.body.call).toMatchObject({ id: call_id, type: "web", organization_id: orgA.organization.id });
    expect(config.body.assistant).toMatchObject({ id: assistantId, first_message: "Hi there", stt_config: { provider: "deepgram" } });
    // What the app serves is what the worker's contract accepts.
    const parsed = callConfigSchema.safeParse(config.body);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data?.call.type).toBe("web");

    const t0 = new Date();
    const started = await call(routes.events.POST, { method: "POST", params: { id: call_id }, headers: worker(), body: { type: "started", at: t0.toISOString() } });
    expect(started.status).toBe(200);
    expect((await call(routes.one.GET, { key: orgA.key, params: { id: call_id } })).body.status).toBe("in-progress");

    const at = (s: number) => new Date(t0.getTime() + s * 1000).toISOString();
    const transcript = [
      { role: "assistant", content: "Hi there", started_at: at(0), ended_at: at(1) },
      { role: "user", content: "What are your opening hours?", started_at: at(2), ended_at: at(4) },
    ];
    const ended = { type: "ended", status: "ended", end_reason: "user_hangup", ended_at: at(7), transcript };
    expect((await call(routes.events.POST, { method: "POST", params: { id: call_id }, headers: worker(), body: ended })).status).toBe(200);
    // A repeated end report changes nothing.
    await call(routes.events.POST, { method: "POST", params: { id: call_id }, headers: worker(), body: { ...ended, end_reason: "agent_error", transcript: [] } });

    const final = (await call(routes.one.GET, { key: orgA.key, params: { id: call_id } })).body;
    expect(final).toMatchObject({ status: "ended", end_reason: "user_hangup", duration_seconds: 7, messages: transcript });
    expect(final.started_at).toBe(t0.toISOString());
    const again = await call(routes.config.GET, { params: { id: call_id }, headers: worker() });
    expect(again.status).toBe(409);
  });

  it("validates worker reports", async () => {
    const { call_id } = (await startCall(orgA.key, { assistant_id: assistantId })).body;
    const res = await call(routes.events.POST, { method: "POST", params: { id: call_id }, headers: worker(), body: { type: "ended", status: "weird" } });
    expect(res.status).toBe(422);
    // End reasons are an enum: the worker cannot invent one.
    const invented = await call(routes.events.POST, {
      method: "POST",
      params: { id: call_id },
      headers: worker(),
      body: { type: "ended", status: "ended", end_reason: "pipeline_error", ended_at: new Date().toISOString() },
    });
    expect(invented.status).toBe(422);
    expect(invented.body.error.param).toBe("end_reason");
    const unknown = await call(routes.events.POST, { method: "POST", params: { id: "00000000-0000-4000-8000-000000000000" }, headers: worker(), body: { type: "started" } });
    expect(unknown.status).toBe(404);
  });
});

describe("GET /api/v1/calls", () => {
  it("marks calls whose agent never joined as failed", async () => {
    const { call_id } = (await startCall(orgA.key, { assistant_id: assistantId })).body;
    // Reads never change a call: it stays connecting until its join timeout job runs.
    expect((await call(routes.one.GET, { key: orgA.key, params: { id: call_id } })).body.status).toBe("connecting");
    // The job waits AGENT_JOIN_TIMEOUT_SECONDS; run it now instead.
    const { runDueJobs } = await import("@/lib/jobs/runner");
    await runDueJobs((await import("@/lib/calls/join-timeout")).joinTimeoutJob, { ignoreStartAfter: true, limit: 100 });
    const res = await call(routes.one.GET, { key: orgA.key, params: { id: call_id } });
    expect(res.body).toMatchObject({ status: "failed", end_reason: "agent_did_not_join" });
    expect(res.body.error).toMatch(/agent did not join/i);
  });

  it("lists the organisation's calls only, with pagination and filters", async () => {
    const all = await call(routes.list.GET, { key: orgA.key, path: "/api/v1/calls?limit=2" });
    expect(all.status).toBe(200);
    expect(all.body.calls).toHaveLength(2);
    expect(all.body.pagination.total).toBeGreaterThanOrEqual(5);
    const failed = await call(routes.list.GET, { key: orgA.key, path: "/api/v1/calls?status=failed" });
    expect(failed.body.calls.length).toBeGreaterThan(0);
    expect(failed.body.calls.every((c: { status: string }) => c.status === "failed")).toBe(true);
    const other = await call(routes.list.GET, { key: orgB.key });
    expect(other.body).toEqual({ calls: [], pagination: { total: 0, limit: 100, offset: 0 } });
    const anyCall = all.body.calls[0];
    expect((await call(routes.one.GET, { key: orgB.key, params: { id: anyCall.id } })).status).toBe(404);
    expect((await call(routes.list.GET, { key: orgA.key, path: "/api/v1/calls?status=bogus" })).status).toBe(422);
  });
});
