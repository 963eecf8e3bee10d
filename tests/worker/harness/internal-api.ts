// In-process stand-in for the app's internal worker API (the two endpoints the worker
// calls), so worker tests and the benchmark run without the Next.js app or a database.
import { createServer, type Server } from "node:http";
import { callEventSchema, type CallEndedEvent, type CallEvent } from "../../../agent-worker/app-client";
import type { CallConfig } from "../../../lib/contract/call-config";
import { closeServer, listenLoopback, readJson, sendJson } from "../../fakes/http";

export interface RecordedCallEvent {
  callId: string;
  event: CallEvent;
  at: number;
}

export interface InternalApiStandIn {
  url: string;
  secret: string;
  readonly events: RecordedCallEvent[];
  readonly configRequests: string[];
  /** Recordings the worker uploaded (PUT /recording), by call id. */
  readonly recordings: Map<string, { contentType: string; bytes: Buffer }>;
  /** Serve `config` for its call id, or answer `status` (404/409) for `callId`. */
  setCall(config: CallConfig): void;
  setCallStatus(callId: string, status: number): void;
  /** Resolves once the worker asked for `callId`'s config. */
  waitForConfigRequest(callId: string, timeoutMs: number): Promise<void>;
  waitForEvent<T extends CallEvent["type"]>(
    callId: string,
    type: T,
    timeoutMs: number,
  ): Promise<Extract<CallEvent, { type: T }>>;
  ended(callId: string): CallEndedEvent | undefined;
  close(): Promise<void>;
}

export async function startInternalApi(opts: { secret: string; port?: number }): Promise<InternalApiStandIn> {
  const configs = new Map<string, CallConfig>();
  const statuses = new Map<string, number>();
  const events: RecordedCallEvent[] = [];
  const configRequests: string[] = [];
  const recordings = new Map<string, { contentType: string; bytes: Buffer }>();
  const waiters = new Set<() => void>();

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const match = /^\/api\/internal\/calls\/([^/]+)\/(config|events|recording)$/.exec(url.pathname);
    const handle = async () => {
      if (!match) return sendJson(res, 404, { error: { code: "not_found", message: "not found" } });
      if (req.headers.authorization !== `Bearer ${opts.secret}`) {
        return sendJson(res, 401, { error: { code: "unauthorized", message: "bad worker secret" } });
      }
      const callId = decodeURIComponent(match[1] ?? "");
      if (match[2] === "config" && req.method === "GET") {
        configRequests.push(callId);
        for (const wake of waiters) wake();
        const status = statuses.get(callId);
        if (status) return sendJson(res, status, { error: { code: "unavailable", message: "call unavailable" } });
        const config = configs.get(callId);
        return config ? sendJson(res, 200, config) : sendJson(res, 404, { error: { code: "not_found", message: "no call" } });
      }
      if (match[2] === "events" && req.method === "POST") {
        const parsed = callEventSchema.safeParse(await readJson(req));
        if (!parsed.success) {
          return sendJson(res, 422, { error: { code: "invalid", message: parsed.error.issues[0]?.message } });
        }
        // Validated against the app's contract; this worker always sends every timestamp.
        events.push({ callId, event: parsed.data as CallEvent, at: Date.now() });
        for (const wake of waiters) wake();
        return sendJson(res, 200, { ok: true });
      }
      if (match[2] === "recording" && req.method === "PUT") {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const bytes = Buffer.concat(chunks);
        if (String(bytes.length) !== req.headers["content-length"]) {
          return sendJson(res, 400, { error: { code: "invalid_request", message: "length mismatch" } });
        }
        recordings.set(callId, { contentType: req.headers["content-type"] ?? "", bytes });
        return sendJson(res, 200, { success: true, size: bytes.length });
      }
      return sendJson(res, 405, { error: { code: "method_not_allowed", message: "method not allowed" } });
    };
    handle().catch((error: unknown) => sendJson(res, 500, { error: { code: "internal", message: String(error) } }));
  });

  const port = await listenLoopback(server, opts.port ?? 0);
  /** Resolves when `probe` holds, re-checked on every request the stand-in records. */
  const waitUntil = (probe: () => boolean, timeoutMs: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      if (probe()) return resolve();
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = () => {
        if (!probe()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
    });
  const find = (callId: string, type: string) => events.find((e) => e.callId === callId && e.event.type === type)?.event;

  return {
    url: `http://127.0.0.1:${port}`,
    secret: opts.secret,
    events,
    configRequests,
    recordings,
    setCall: (config) => void configs.set(config.call.id, config),
    setCallStatus: (callId, status) => void statuses.set(callId, status),
    waitForConfigRequest: (callId, timeoutMs) => waitUntil(() => configRequests.includes(callId), timeoutMs, `no config request for call ${callId}`),
    async waitForEvent(callId, type, timeoutMs) {
      await waitUntil(() => find(callId, type) !== undefined, timeoutMs, `no '${type}' event for call ${callId}`);
      return find(callId, type) as Extract<CallEvent, { type: typeof type }>;
    },
    ended: (callId) => find(callId, "ended") as CallEndedEvent | undefined,
    close: () => closeServer(server),
  };
}
