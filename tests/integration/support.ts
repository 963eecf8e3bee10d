import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { expect, inject } from "vitest";
import { ensureLivekitBinary, startLivekitOnFreePorts, type LivekitServer } from "../../scripts/lib/livekit.ts";
import { createDatabase, findFreePort } from "../../scripts/lib/postgres.ts";
import { startRedis } from "../../scripts/lib/redis.ts";

// A fresh, migrated database for the calling test file; DATABASE_URL points at it.
export async function useFreshDatabase(): Promise<string> {
  const name = `it_${randomBytes(6).toString("hex")}`;
  const url = await createDatabase(inject("postgresUrl"), name);
  const result = spawnSync("tsx", ["scripts/prisma.ts", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`migrate deploy failed:\n${result.stdout}\n${result.stderr}`);
  process.env.DATABASE_URL = url;
  return url;
}

/**
 * A real LiveKit server for the calling test file, on free ports (so several test runs, or a
 * running stack, can share the machine); LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET
 * point at it. The caller stops it in afterAll.
 */
export async function startTestLivekit(options: { redis?: boolean } = {}): Promise<LivekitServer> {
  // LiveKit's SIP APIs need Redis; a private one is started with it and stopped with it.
  const redis = options.redis ? await startRedis({ port: await findFreePort() }) : null;
  const server = await startLivekitOnFreePorts({ binary: await ensureLivekitBinary(path.resolve(".")), redisAddress: redis?.address });
  const livekit: LivekitServer = redis ? { ...server, stop: async () => { await server.stop(); await redis.stop(); } } : server;
  Object.assign(process.env, {
    LIVEKIT_URL: livekit.url,
    LIVEKIT_API_KEY: livekit.apiKey,
    LIVEKIT_API_SECRET: livekit.apiSecret,
  });
  return livekit;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

// Calls a route handler the way Next.js does, with a Bearer key and JSON body.
export async function call(
  handler: RouteHandler,
  options: { method?: Method; path?: string; key?: string; body?: unknown; rawBody?: string; params?: Record<string, string>; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  const req = new Request(`http://127.0.0.1${options.path ?? "/api/v1/test"}`, {
    method: options.method ?? "GET",
    headers,
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const res = await handler(req, { params: Promise.resolve(options.params ?? {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

/** GET, PATCH and DELETE of one resource by another organisation's key all answer 404 not_found. */
export async function expectNotFoundForOtherOrg(
  handlers: { GET: RouteHandler; PATCH: RouteHandler; DELETE: RouteHandler },
  key: string,
  params: Record<string, string>,
) {
  for (const res of [
    await call(handlers.GET, { key, params }),
    await call(handlers.PATCH, { method: "PATCH", key, params, body: { name: "Stolen" } }),
    await call(handlers.DELETE, { method: "DELETE", key, params }),
  ]) {
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  }
}
