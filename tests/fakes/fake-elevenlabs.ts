// Loopback stand-in for ElevenLabs text-to-speech, speaking the wire formats the
// @livekit/agents-plugin-elevenlabs 1.9.0 TTS uses:
//   WebSocket /v1/text-to-speech/{voice_id}/multi-stream-input?model_id=…&output_format=pcm_22050…
//     (header xi-api-key). Client frames: `{text:" ", voice_settings, context_id}` opens a
//     context, `{text, context_id, flush?}` adds text (flush: synthesise what is buffered),
//     `{context_id, close_context:true}` ends it. Server frames: `{audio:<base64 PCM s16le>,
//     alignment, normalizedAlignment, contextId}` per synthesised piece, then
//     `{isFinal:true, contextId}` once the context is closed.
//   POST /v1/text-to-speech/{voice_id}/stream?output_format=pcm_22050 -> raw PCM (audio/pcm)
//   GET  /v1/user -> the key's account (the BYOK key check)
import { createServer, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { speechLike, toBytes } from "./audio";
import { speechDurationMs } from "./fake-openai";
import { closeServer, listenLoopback, readJson, sendJson, sleep } from "./http";

export interface RecordedElevenLabsContext {
  voiceId: string;
  modelId: string;
  outputFormat: string;
  languageCode?: string;
  voiceSettings: Record<string, unknown>;
  /** Every text piece received, in order. */
  texts: string[];
  closed: boolean;
  at: string;
}

export interface FakeElevenLabsOptions {
  port?: number;
  /** When set, requests must carry `xi-api-key: <apiKey>`. */
  apiKey?: string;
  msPerChar?: number;
  latencyMs?: number;
}

export interface FakeElevenLabs {
  port: number;
  /** Base URL ending in /v1 (the plugin's baseURL; it derives the ws:// URL itself). */
  baseUrl: string;
  readonly contexts: RecordedElevenLabsContext[];
  /** Texts synthesised (WebSocket contexts and HTTP requests), trimmed, in order. */
  readonly texts: string[];
  /** Refuse the next `count` connections / requests with `status`. */
  failNext(count: number, status?: number): void;
  reset(): void;
  close(): Promise<void>;
}

const sampleRateOf = (format: string) => Number(/^pcm_(\d+)$/.exec(format)?.[1] ?? 0);

/** Character timings spread evenly over the audio, as ElevenLabs' alignment objects carry. */
function alignment(text: string, durationMs: number) {
  const chars = [...text];
  const step = chars.length ? durationMs / chars.length : 0;
  return {
    chars,
    charStartTimesMs: chars.map((_, i) => Math.round(i * step)),
    charDurationsMs: chars.map(() => Math.round(step)),
  };
}

export async function startFakeElevenLabs(opts: FakeElevenLabsOptions = {}): Promise<FakeElevenLabs> {
  const contexts: RecordedElevenLabsContext[] = [];
  const texts: string[] = [];
  const failure = { count: 0, status: 500 };
  const msPerChar = opts.msPerChar ?? 60;
  const isAuthorized = (req: IncomingMessage) => !opts.apiKey || req.headers["xi-api-key"] === opts.apiKey;
  const takeFailure = () => (failure.count > 0 ? (failure.count--, failure.status) : undefined);

  function synthesise(text: string, sampleRate: number) {
    const durationMs = speechDurationMs(text, msPerChar);
    return { pcm: toBytes(speechLike(durationMs, sampleRate)), durationMs };
  }

  function serveSocket(ws: WebSocket, url: URL, voiceId: string) {
    const modelId = url.searchParams.get("model_id") ?? "";
    const outputFormat = url.searchParams.get("output_format") ?? "mp3_44100_128";
    const sampleRate = sampleRateOf(outputFormat);
    const open = new Map<string, { record: RecordedElevenLabsContext; buffer: string }>();
    const send = (message: unknown) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(message));

    const flush = async (contextId: string) => {
      const ctx = open.get(contextId);
      const text = ctx?.buffer.trim();
      if (!ctx || !text) return;
      ctx.buffer = "";
      texts.push(text);
      if (opts.latencyMs) await sleep(opts.latencyMs);
      const { pcm, durationMs } = synthesise(text, sampleRate);
      const timing = alignment(text, durationMs);
      send({ audio: pcm.toString("base64"), alignment: timing, normalizedAlignment: timing, contextId });
    };

    ws.on("message", (raw) => {
      void (async () => {
        const message = JSON.parse(raw.toString()) as Record<string, unknown>;
        const contextId = String(message.context_id ?? "");
        if (message.close_socket) return ws.close(1000);
        if (!sampleRate) return send({ error: "unsupported_output_format", message: `the fake only produces pcm, not ${outputFormat}`, contextId });
        if (message.close_context) {
          const ctx = open.get(contextId);
          await flush(contextId);
          open.delete(contextId);
          if (ctx) ctx.record.closed = true;
          return send({ isFinal: true, contextId });
        }
        if (typeof message.text !== "string") return;
        let ctx = open.get(contextId);
        if (!ctx) {
          const record: RecordedElevenLabsContext = {
            voiceId,
            modelId,
            outputFormat,
            ...(url.searchParams.get("language_code") ? { languageCode: url.searchParams.get("language_code")! } : {}),
            voiceSettings: (message.voice_settings as Record<string, unknown>) ?? {},
            texts: [],
            closed: false,
            at: new Date().toISOString(),
          };
          contexts.push(record);
          ctx = { record, buffer: "" };
          open.set(contextId, ctx);
        }
        if (message.text.trim()) ctx.record.texts.push(message.text);
        ctx.buffer += message.text;
        if (message.flush) await flush(contextId);
      })().catch((error: unknown) => send({ error: "internal", message: String(error) }));
    });
  }

  const wss = new WebSocketServer({ noServer: true });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const handle = async () => {
      if (!isAuthorized(req)) return sendJson(res, 401, { detail: { status: "invalid_api_key", message: "Invalid API key" } });
      if (req.method === "GET" && url.pathname === "/v1/user") return sendJson(res, 200, { subscription: { tier: "fake" }, is_new_user: false });
      const stream = /^\/v1\/text-to-speech\/([^/]+)\/stream$/.exec(url.pathname);
      if (req.method === "POST" && stream) {
        const status = takeFailure();
        if (status) return sendJson(res, status, { detail: { status: "scripted_failure", message: "scripted failure" } });
        const body = (await readJson(req)) as { text?: string; model_id?: string };
        const sampleRate = sampleRateOf(url.searchParams.get("output_format") ?? "");
        if (!sampleRate) return sendJson(res, 400, { detail: { status: "unsupported_output_format", message: "the fake only produces pcm" } });
        const text = String(body.text ?? "").trim();
        texts.push(text);
        if (opts.latencyMs) await sleep(opts.latencyMs);
        const { pcm } = synthesise(text, sampleRate);
        res.writeHead(200, { "content-type": "audio/pcm", "content-length": pcm.length });
        return void res.end(pcm);
      }
      return sendJson(res, 404, { detail: { status: "not_found", message: `no fake for ${req.method} ${url.pathname}` } });
    };
    handle().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { detail: { status: "internal", message: String(error) } });
      else res.end();
    });
  });

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const match = /^\/v1\/text-to-speech\/([^/]+)\/multi-stream-input$/.exec(url.pathname);
    const refuse = (status: number, reason: string) => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!match) return refuse(404, "Not Found");
    if (!isAuthorized(req)) return refuse(401, "Unauthorized");
    const status = takeFailure();
    if (status) return refuse(status, "Scripted Failure");
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, url, decodeURIComponent(match[1] ?? "")));
  });

  const port = await listenLoopback(server, opts.port ?? 0);
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}/v1`,
    contexts,
    texts,
    failNext: (count, status = 500) => void Object.assign(failure, { count, status }),
    reset() {
      contexts.length = 0;
      texts.length = 0;
      failure.count = 0;
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await closeServer(server);
    },
  };
}
