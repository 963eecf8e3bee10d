import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispose, Room, RoomEvent } from "@livekit/rtc-node";
import { AccessToken, RoomServiceClient } from "livekit-server-sdk";
import type { LivekitServer } from "../../scripts/lib/livekit.ts";
import { quietRtcLogs } from "../worker/harness/caller";
import { verifyControlMessage, type ControlMessage } from "@/lib/contract/control-message";
import { CONTROL_TOPIC } from "@/lib/schemas/call";
import { call, startTestLivekit, useFreshDatabase } from "./support";

// POST /api/v1/calls/{id}/control against a real LiveKit server. An rtc-node participant
// joins as the agent (kind "agent"): it receives the signed data message, verifies it, and
// acknowledges (or rejects) it through the internal API the way the worker does. A second,
// ordinary participant (the browser) must not receive anything.

const WORKER_SECRET = "control-worker-secret";
let livekit: LivekitServer;
let db: typeof import("@/lib/db").db;
let routes: {
  control: typeof import("@/app/api/v1/calls/[id]/control/route");
  events: typeof import("@/app/api/internal/calls/[id]/events/route");
  assistants: typeof import("@/app/api/v1/assistants/route");
};
let orgA: Awaited<ReturnType<typeof import("./factories").createOrgWithKey>>;
let orgB: typeof orgA;
let assistantId: string;
const rooms: Room[] = [];

type Reply = "ack" | "fail" | "ignore";
interface JoinedCall {
  id: string;
  roomName: string;
  /** Verified messages the agent received. */
  received: ControlMessage[];
  /** Raw payloads on the control topic that did not verify. */
  rejected: string[];
  /** Anything the browser participant received. */
  browserReceived: string[];
  reply: Reply;
}

beforeAll(async () => {
  await useFreshDatabase();
  livekit = await startTestLivekit();
  Object.assign(process.env, {
    WORKER_SECRET,
  });
  quietRtcLogs();
  db = (await import("@/lib/db")).db;
  routes = {
    control: await import("@/app/api/v1/calls/[id]/control/route"),
    events: await import("@/app/api/internal/calls/[id]/events/route"),
    assistants: await import("@/app/api/v1/assistants/route"),
  };
  const { createOrgWithKey } = await import("./factories");
  orgA = await createOrgWithKey("control-a");
  orgB = await createOrgWithKey("control-b");
  assistantId = (await call(routes.assistants.POST, { method: "POST", key: orgA.key, body: { name: "Live" } })).body.assistant.id;
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(rooms.map((r) => r.disconnect()));
  await livekit?.stop();
  await dispose().catch(() => {});
}, 30_000);

async function join(roomName: string, identity: string, kind?: "agent") {
  const token = new AccessToken(livekit.apiKey, livekit.apiSecret, { identity, ttl: 600 });
  token.addGrant({ roomJoin: true, room: roomName, canPublish: true, canSubscribe: true, canPublishData: true, ...(kind ? { agent: true } : {}) });
  if (kind) token.kind = kind;
  const room = new Room();
  await room.connect(livekit.url, await token.toJwt(), { autoSubscribe: false, dynacast: false });
  rooms.push(room);
  return room;
}

// An in-progress call whose room holds an agent and a browser participant.
async function liveCall(options: { type?: "web" | "inbound"; status?: "in_progress" | "connecting" | "ended" } = {}): Promise<JoinedCall> {
  const roomName = `call-${randomUUID()}`;
  // A phone call comes in on a number whose transfer trunk allows transfers (checked before sending).
  const trunk = options.type === "inbound"
    ? await db.sipTrunk.create({ data: { organizationId: orgA.organization.id, name: "Reception desk", outboundAddress: "127.0.0.1:5999" } })
    : null;
  const number = trunk
    ? await db.phoneNumber.create({
        data: { organizationId: orgA.organization.id, phoneNumber: `+3120${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`, transferTrunkId: trunk.id },
      })
    : null;
  const row = await db.call.create({
    data: {
      organizationId: orgA.organization.id,
      assistantId,
      type: options.type ?? "web",
      status: options.status ?? "in_progress",
      roomName,
      assistantSnapshot: { name: "Live" },
      callerPhone: options.type === "inbound" ? "+31612345678" : null,
      numberId: number?.id ?? null,
    },
  });
  const joined: JoinedCall = { id: row.id, roomName, received: [], rejected: [], browserReceived: [], reply: "ack" };
  await new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret).createRoom({ name: roomName, emptyTimeout: 60 });
  const agent = await join(roomName, `agent-${row.id.slice(0, 8)}`, "agent");
  const browser = await join(roomName, `browser-${row.id.slice(0, 8)}`);
  agent.on(RoomEvent.DataReceived, (payload, _participant, _kind, topic) => {
    if (topic !== CONTROL_TOPIC) return;
    const message = verifyControlMessage(WORKER_SECRET, payload, row.id);
    if (!message) return void joined.rejected.push(new TextDecoder().decode(payload));
    joined.received.push(message);
    if (joined.reply === "ignore") return;
    const body = joined.reply === "ack"
      ? { type: "command", command_id: message.id, status: "acknowledged" }
      : { type: "command", command_id: message.id, status: "failed", error: "The transfer was refused: 486 Busy Here" };
    void call(routes.events.POST, { method: "POST", params: { id: row.id }, headers: { authorization: `Bearer ${WORKER_SECRET}` }, body });
  });
  browser.on(RoomEvent.DataReceived, (payload) => void joined.browserReceived.push(new TextDecoder().decode(payload)));
  return joined;
}

const control = (id: string, body: unknown, key = orgA.key) =>
  call(routes.control.POST, { method: "POST", key, params: { id }, body });

describe("POST /api/v1/calls/{id}/control", () => {
  it("delivers a signed command to the agent only, and answers once the agent acknowledged it", async () => {
    const live = await liveCall();
    const res = await control(live.id, { type: "say", content: "Please hold on a moment.", interrupt: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, message: "Command sent successfully", command: { type: "say", status: "acknowledged" } });

    expect(live.received).toHaveLength(1);
    const message = live.received[0]!;
    expect(message).toMatchObject({ id: res.body.command.id, call_id: live.id, command: { type: "say", content: "Please hold on a moment.", interrupt: true, end_after: false } });
    // The signature is bound to the worker secret.
    expect(verifyControlMessage("another-secret", JSON.stringify(message), live.id)).toBeNull();
    expect(live.rejected).toEqual([]);
    expect(live.browserReceived).toEqual([]);

    const row = await db.callCommand.findUniqueOrThrow({ where: { id: res.body.command.id } });
    expect(row).toMatchObject({ callId: live.id, organizationId: orgA.organization.id, type: "say", status: "acknowledged" });
    expect(row.acknowledgedAt).not.toBeNull();
  });

  it("accepts the underscore spellings and stores the hyphenated type", async () => {
    const live = await liveCall();
    const res = await control(live.id, { type: "inject_context", content: "The caller is a VIP customer.", trigger_response: true });
    expect(res.status).toBe(200);
    expect(live.received[0]!.command).toEqual({ type: "inject-context", content: "The caller is a VIP customer.", trigger_response: true });
    const ended = await control(live.id, { type: "end_call" });
    expect(ended.body.command).toMatchObject({ type: "end-call", status: "acknowledged" });
  });

  it("answers 502 command_failed when the agent reports it could not carry the command out", async () => {
    const live = await liveCall({ type: "inbound" });
    live.reply = "fail";
    const res = await control(live.id, { type: "transfer", destination: "+31201234567", message: "Transferring you now." });
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ code: "command_failed", type: "api_error" });
    expect(res.body.error.message).toContain("486 Busy Here");
    expect(await db.callCommand.findFirstOrThrow({ where: { callId: live.id } })).toMatchObject({ status: "failed", error: "The transfer was refused: 486 Busy Here" });
  });

  it("answers 202 with status sent when the agent does not confirm in time", async () => {
    const live = await liveCall();
    live.reply = "ignore";
    const started = Date.now();
    const res = await control(live.id, { type: "say", content: "Anyone there?" });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ success: true, command: { status: "sent" } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    expect(live.received).toHaveLength(1);
  });

  it("refuses calls that are not in progress with 409 call_not_active", async () => {
    for (const status of ["ended", "connecting"] as const) {
      const row = await liveCall({ status });
      const res = await control(row.id, { type: "end-call" });
      expect(res.status, status).toBe(409);
      expect(res.body.error.code).toBe("call_not_active");
      expect(row.received).toEqual([]);
    }
  });

  it("is scoped to the organisation: another organisation's call is 404", async () => {
    const live = await liveCall();
    const res = await control(live.id, { type: "say", content: "Hello" }, orgB.key);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
    expect((await control(randomUUID(), { type: "say", content: "Hello" })).status).toBe(404);
    expect((await control("not-a-uuid", { type: "say", content: "Hello" })).status).toBe(404);
    expect((await call(routes.control.POST, { method: "POST", params: { id: live.id }, body: { type: "end-call" } })).status).toBe(401);
    expect(live.received).toEqual([]);
  });

  it("rejects bad commands with 422 and the param", async () => {
    const live = await liveCall();
    for (const [body, param] of [
      [{ type: "dance" }, "type"],
      [{}, "type"],
      [{ type: "say" }, "content"],
      [{ type: "say", content: "   " }, "content"],
      [{ type: "inject-context", content: "x", trigger_response: "yes" }, "trigger_response"],
      [{ type: "transfer", destination: "0612345678" }, "destination"],
      [{ type: "end-call", reason: "bye" }, "reason"],
      // A browser call has no phone line to transfer.
      [{ type: "transfer", destination: "+31201234567" }, "type"],
    ] as const) {
      const res = await control(live.id, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error).toMatchObject({ code: "validation_error", param });
    }
    expect(live.received).toEqual([]);
  });

  it("allows 10 commands per minute per call: the 11th is 429 with Retry-After", async () => {
    // The window is the calendar minute: start early in one so all eleven land in it.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 100));
    const live = await liveCall();
    for (let i = 0; i < 10; i++) {
      const res = await control(live.id, { type: "inject-context", content: `Fact ${i}` });
      expect(res.status, `command ${i + 1}`).toBe(200);
    }
    const refused = await control(live.id, { type: "say", content: "One too many" });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("rate_limit_exceeded");
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(live.received).toHaveLength(10);
    expect(await db.callCommand.count({ where: { callId: live.id } })).toBe(10);
    // Another call has its own budget.
    expect((await control((await liveCall()).id, { type: "say", content: "Hi" })).status).toBe(200);
  }, 90_000);
});
