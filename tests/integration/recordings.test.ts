// Call recordings: the worker's upload (internal route), then reading it back through the
// public API with an API key, a signed URL, and byte ranges.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, useFreshDatabase } from "./support";

const WORKER_SECRET = "recordings-worker-secret";
const APP_URL = "https://voice.example.test";
let recordingsDir: string;
let routes: {
  upload: typeof import("@/app/api/internal/calls/[id]/recording/route");
  recording: typeof import("@/app/api/v1/calls/[id]/recording/route");
  one: typeof import("@/app/api/v1/calls/[id]/route");
};
let db: typeof import("@/lib/db").db;
let orgA: Awaited<ReturnType<typeof import("./factories").createOrgWithKey>>;
let orgB: typeof orgA;

beforeAll(async () => {
  await useFreshDatabase();
  recordingsDir = mkdtempSync(path.join(os.tmpdir(), "switchboard-recordings-"));
  Object.assign(process.env, { WORKER_SECRET, APP_URL, RECORDINGS_DIR: recordingsDir, RECORDING_MAX_BYTES: String(64 * 1024) });
  routes = {
    upload: await import("@/app/api/internal/calls/[id]/recording/route"),
    recording: await import("@/app/api/v1/calls/[id]/recording/route"),
    one: await import("@/app/api/v1/calls/[id]/route"),
  };
  db = (await import("@/lib/db")).db;
  const { createOrgWithKey } = await import("./factories");
  orgA = await createOrgWithKey("rec-a");
  orgB = await createOrgWithKey("rec-b");
}, 120_000);

afterAll(() => {
  rmSync(recordingsDir, { recursive: true, force: true });
});

async function createCall(organizationId: string, snapshot: Record<string, unknown> = {}) {
  return db.call.create({
    data: {
      organizationId,
      type: "web",
      status: "in_progress",
      roomName: `call-${randomUUID()}`,
      assistantSnapshot: { name: "Recorder", gdpr_mode: false, ...snapshot },
    },
  });
}

// The audio bytes: any content works for storage; a recognisable pattern shows ranges are exact.
const audio = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));

async function upload(callId: string, body: Buffer | string, headers: Record<string, string> = {}, secret = WORKER_SECRET) {
  const req = new Request(`http://127.0.0.1/api/internal/calls/${callId}/recording`, {
    method: "PUT",
    headers: { authorization: `Bearer ${secret}`, "content-type": "audio/ogg", "content-length": String(Buffer.byteLength(body)), ...headers },
    body: typeof body === "string" ? body : new Uint8Array(body),
  });
  const res = await routes.upload.PUT(req, { params: Promise.resolve({ id: callId }) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function fetchRecording(callId: string, opts: { key?: string; query?: string; range?: string } = {}) {
  const headers: Record<string, string> = {};
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (opts.range) headers.range = opts.range;
  const req = new Request(`http://127.0.0.1/api/v1/calls/${callId}/recording${opts.query ?? ""}`, { headers });
  const res = await routes.recording.GET(req, { params: Promise.resolve({ id: callId }) });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, json: () => JSON.parse(bytes.toString("utf8")) };
}

describe("PUT /api/internal/calls/{id}/recording", () => {
  it("stores the upload, sets the call's recording, and the call object gets a signed recording_url", async () => {
    const c = await createCall(orgA.organization.id);
    const before = await call(routes.one.GET, { key: orgA.key, params: { id: c.id } });
    expect(before.body.recording_url).toBeNull();

    const res = await upload(c.id, audio);
    expect(res).toEqual({ status: 200, body: { success: true, size: audio.length, content_type: "audio/ogg" } });
    const row = await db.call.findUniqueOrThrow({ where: { id: c.id } });
    expect(row.recordingKey).toBe(`${orgA.organization.id}/${c.id}.ogg`);

    const after = await call(routes.one.GET, { key: orgA.key, params: { id: c.id } });
    const url = new URL(after.body.recording_url);
    expect(url.origin + url.pathname).toBe(`${APP_URL}/api/v1/calls/${c.id}/recording`);
    expect(Number(url.searchParams.get("expires"))).toBeGreaterThan(Date.now() / 1000 + 3600);
    expect(url.searchParams.get("signature")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("requires the worker secret", async () => {
    const c = await createCall(orgA.organization.id);
    const res = await upload(c.id, audio, {}, "wrong-secret");
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
  });

  it("rejects uploads for gdpr_mode calls with 409, and stores nothing", async () => {
    const c = await createCall(orgA.organization.id, { gdpr_mode: true });
    const res = await upload(c.id, audio);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("recording_disabled");
    expect((await db.call.findUniqueOrThrow({ where: { id: c.id } })).recordingKey).toBeNull();
    expect(readdirSync(recordingsDir, { recursive: true }).filter((f) => String(f).includes(c.id))).toEqual([]);
  });

  it("answers clear errors for a wrong content type, a missing length, an empty or oversized body, and unknown calls", async () => {
    const c = await createCall(orgA.organization.id);
    const wrongType = await upload(c.id, audio, { "content-type": "application/json" });
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.error).toMatchObject({ code: "unsupported_media_type", param: "content-type" });

    const empty = await upload(c.id, "");
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/empty/);

    const big = randomBytes(64 * 1024 + 1);
    const tooLarge = await upload(c.id, big);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.code).toBe("payload_too_large");

    // A declared length that is smaller than the body is caught while streaming.
    const lying = await upload(c.id, audio, { "content-length": "10" });
    expect(lying.status).toBe(400);
    expect(lying.body.error.message).toMatch(/Content-Length/);
    expect((await db.call.findUniqueOrThrow({ where: { id: c.id } })).recordingKey).toBeNull();

    const unknown = await upload(randomUUID(), audio);
    expect(unknown.status).toBe(404);
  });

  it("replaces an earlier recording (WAV after Ogg) and removes the old file", async () => {
    const c = await createCall(orgA.organization.id);
    expect((await upload(c.id, audio)).status).toBe(200);
    const wav = Buffer.from("RIFF....WAVEfmt fake-wave-bytes");
    expect((await upload(c.id, wav, { "content-type": "audio/wav" })).status).toBe(200);
    const files = readdirSync(path.join(recordingsDir, orgA.organization.id)).filter((f) => f.startsWith(c.id));
    expect(files).toEqual([`${c.id}.wav`]);
    const res = await fetchRecording(c.id, { key: orgA.key });
    expect(res.headers.get("content-type")).toBe("audio/wav");
    expect(res.bytes.equals(wav)).toBe(true);
  });
});

describe("GET /api/v1/calls/{id}/recording", () => {
  let callId: string;
  let signedQuery: string;
  beforeAll(async () => {
    const c = await createCall(orgA.organization.id);
    callId = c.id;
    expect((await upload(callId, audio)).status).toBe(200);
    const view = await call(routes.one.GET, { key: orgA.key, params: { id: callId } });
    signedQuery = new URL(view.body.recording_url).search;
  });

  it("streams the whole recording for the organisation's API key", async () => {
    const res = await fetchRecording(callId, { key: orgA.key });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("audio/ogg");
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(res.headers.get("content-length")).toBe(String(audio.length));
    expect(res.bytes.equals(audio)).toBe(true);
  });

  it("answers byte ranges with 206 and Content-Range (how <audio> seeks)", async () => {
    const res = await fetchRecording(callId, { key: orgA.key, range: "bytes=1000-1099" });
    expect(res.status).toBe(206);
    expect(res.headers.get("content-range")).toBe(`bytes 1000-1099/${audio.length}`);
    expect(res.headers.get("content-length")).toBe("100");
    expect(res.bytes.equals(audio.subarray(1000, 1100))).toBe(true);

    const open = await fetchRecording(callId, { query: signedQuery, range: "bytes=4990-" });
    expect(open.status).toBe(206);
    expect(open.bytes.equals(audio.subarray(4990))).toBe(true);

    const past = await fetchRecording(callId, { key: orgA.key, range: `bytes=${audio.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get("content-range")).toBe(`bytes */${audio.length}`);
    expect(past.json().error.code).toBe("range_not_satisfiable");
  });

  it("serves the signed recording_url without an API key", async () => {
    const res = await fetchRecording(callId, { query: signedQuery });
    expect(res.status).toBe(200);
    expect(res.bytes.equals(audio)).toBe(true);
  });

  it("rejects expired, forged, or other calls' signatures with 403", async () => {
    const { buildSignedRecordingUrl } = await import("@/lib/recordings/signed-url");
    const { createHash } = await import("node:crypto");
    const secret = createHash("sha256").update(`switchboard.recording-url:${process.env.ENCRYPTION_KEY ?? "dev-encryption-key-change-me"}`).digest("hex");
    const expired = new URL(buildSignedRecordingUrl({ appUrl: APP_URL, secret, callId, ttlSeconds: 60, now: new Date(Date.now() - 3600_000) }));
    const res = await fetchRecording(callId, { query: expired.search });
    expect(res.status).toBe(403);
    expect(res.json().error.message).toMatch(/expired/);

    const params = new URLSearchParams(signedQuery);
    const sig = params.get("signature")!;
    params.set("signature", (sig[0] === "a" ? "b" : "a") + sig.slice(1));
    const forged = await fetchRecording(callId, { query: `?${params}` });
    expect(forged.status).toBe(403);
    expect(forged.json().error.message).toMatch(/not valid/);

    const extended = new URLSearchParams(signedQuery);
    extended.set("expires", String(Number(extended.get("expires")) + 86_400));
    expect((await fetchRecording(callId, { query: `?${extended}` })).status).toBe(403);

    // The signature of one call does not open another call's recording.
    const other = await createCall(orgA.organization.id);
    expect((await upload(other.id, audio)).status).toBe(200);
    expect((await fetchRecording(other.id, { query: signedQuery })).status).toBe(403);

    expect((await fetchRecording(callId, { query: "?signature=" })).status).toBe(403);
    expect((await fetchRecording(callId)).status).toBe(401);
  });

  it("answers 404 to another organisation, and for calls without a recording", async () => {
    const res = await fetchRecording(callId, { key: orgB.key });
    expect(res.status).toBe(404);
    expect(res.json().error.code).toBe("not_found");

    const bare = await createCall(orgA.organization.id);
    const none = await fetchRecording(bare.id, { key: orgA.key });
    expect(none.status).toBe(404);
    expect(none.json().error.message).toBe("Recording not found");
    expect((await fetchRecording("not-a-uuid", { key: orgA.key })).status).toBe(404);
  });
});
