// Loopback stand-in for Deepgram live transcription (wss://api.deepgram.com/v1/listen),
// speaking the protocol @livekit/agents-plugin-deepgram uses: `Authorization: Token <key>`,
// binary linear16 audio in, JSON text frames out (SpeechStarted, Results, UtteranceEnd,
// Metadata), control messages KeepAlive / Finalize / CloseStream. Also answers the REST
// `GET /v1/projects` (200 for an accepted token, 401 INVALID_AUTH otherwise), which key checks use.
//
// It "hears" by energy: audio above an RMS threshold is speech. While speech lasts it emits
// interim Results; after `endSilenceMs` of silence it emits a final Result
// (is_final + speech_final) whose transcript is the next scripted utterance. Silence
// produces nothing.
import { createServer, type IncomingMessage } from "node:http";
import { randomUUID } from "node:crypto";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { int16FromBytes, rms } from "./audio";
import { closeServer, listenLoopback, readJson, sendJson } from "./http";

export interface FakeDeepgramOptions {
  port?: number;
  /** Used when the utterance queue is empty. */
  defaultTranscript?: string;
  utterances?: string[];
  /** When set, the Token must match; otherwise any non-empty token is accepted. */
  apiKey?: string;
  /** Normalised RMS (0..1) above which audio counts as speech. */
  speechThreshold?: number;
  /** Silence after speech that ends an utterance. */
  endSilenceMs?: number;
  /** Speech needed before SpeechStarted / any result (filters clicks). */
  minSpeechMs?: number;
  /** Interim result cadence while speech continues. */
  interimEveryMs?: number;
}

export interface RecordedTranscript {
  transcript: string;
  speechMs: number;
  /** Seconds from the start of the connection's audio. */
  start: number;
  end: number;
  at: string;
  requestId: string;
}

export interface RecordedListenSession {
  requestId: string;
  query: Record<string, string | string[]>;
  openedAt: string;
  closedAt?: string;
  audioMs: number;
}

export interface FakeDeepgram {
  port: number;
  /** Base URL to hand to the plugin (it appends /v1/listen). */
  baseUrl: string;
  /** HTTP base for the control endpoints (/__fake/...). */
  httpUrl: string;
  readonly transcripts: RecordedTranscript[];
  readonly sessions: RecordedListenSession[];
  queueUtterances(...utterances: string[]): void;
  setDefaultTranscript(text: string): void;
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_TRANSCRIPT = "Hello, can you hear me?";
const WINDOW_MS = 20;

function parseQuery(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length === 1 ? (all[0] ?? "") : all;
  }
  return out;
}

function toWords(text: string, start: number, end: number) {
  const tokens = text.split(/\s+/).filter(Boolean);
  const step = tokens.length ? (end - start) / tokens.length : 0;
  return tokens.map((punctuated, i) => ({
    word: punctuated.toLowerCase().replace(/[^\p{L}\p{N}']/gu, ""),
    start: +(start + i * step).toFixed(3),
    end: +(start + (i + 1) * step).toFixed(3),
    confidence: 0.98,
    punctuated_word: punctuated,
  }));
}

export async function startFakeDeepgram(opts: FakeDeepgramOptions = {}): Promise<FakeDeepgram> {
  const utterances = [...(opts.utterances ?? [])];
  let defaultTranscript = opts.defaultTranscript ?? DEFAULT_TRANSCRIPT;
  const threshold = opts.speechThreshold ?? 0.01;
  const endSilenceMs = opts.endSilenceMs ?? 400;
  const minSpeechMs = opts.minSpeechMs ?? 60;
  const interimEveryMs = opts.interimEveryMs ?? 300;
  const transcripts: RecordedTranscript[] = [];
  const sessions: RecordedListenSession[] = [];
  const sockets = new Set<WebSocket>();

  function handleConnection(ws: WebSocket, url: URL) {
    const query = parseQuery(url);
    const sampleRate = Number(query.sample_rate ?? 16000) || 16000;
    const channels = Number(query.channels ?? 1) || 1;
    const requestId = randomUUID();
    const session: RecordedListenSession = { requestId, query, openedAt: new Date().toISOString(), audioMs: 0 };
    sessions.push(session);
    sockets.add(ws);

    const model = String(query.model ?? "nova-3");
    const metadata = {
      request_id: requestId,
      model_info: { name: `general-${model}`, version: "fake", arch: model },
      model_uuid: "00000000-0000-0000-0000-000000000000",
    };
    const windowSamples = Math.round((sampleRate * WINDOW_MS) / 1000) * channels;
    let pending = new Int16Array(0);
    let totalSamples = 0; // per channel
    let speaking = false;
    let announced = false;
    let speechStart = 0;
    let speechMs = 0;
    let silenceMs = 0;
    let sinceInterimMs = 0;
    let utterance: string | undefined;
    let idleTimer: NodeJS.Timeout | undefined;

    const send = (msg: unknown) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    };
    const nowSec = () => totalSamples / sampleRate;
    const results = (text: string, isFinal: boolean, extra: Record<string, unknown> = {}) => {
      const end = Math.max(nowSec() - silenceMs / 1000, speechStart);
      send({
        type: "Results",
        channel_index: [0, 1],
        duration: +(end - speechStart).toFixed(3),
        start: +speechStart.toFixed(3),
        is_final: isFinal,
        speech_final: isFinal,
        channel: { alternatives: [{ transcript: text, confidence: 0.98, words: toWords(text, speechStart, end) }] },
        metadata,
        ...extra,
      });
      return end;
    };

    const finalize = (fromFinalize = false) => {
      if (!speaking) return;
      if (announced) {
        const text = utterance ?? utterances.shift() ?? defaultTranscript;
        const end = results(text, true, { from_finalize: fromFinalize });
        transcripts.push({ transcript: text, speechMs, start: speechStart, end, at: new Date().toISOString(), requestId });
        if (query.utterance_end_ms !== undefined) {
          send({ type: "UtteranceEnd", channel: [0, 1], last_word_end: +end.toFixed(3) });
        }
      }
      speaking = false;
      announced = false;
      utterance = undefined;
      speechMs = silenceMs = sinceInterimMs = 0;
    };

    const onWindow = (samples: Int16Array) => {
      totalSamples += samples.length / channels;
      const level = rms(samples);
      if (level >= threshold) {
        if (!speaking) {
          speaking = true;
          speechStart = nowSec() - WINDOW_MS / 1000;
          speechMs = sinceInterimMs = 0;
        }
        silenceMs = 0;
        speechMs += WINDOW_MS;
        sinceInterimMs += WINDOW_MS;
        if (!announced && speechMs >= minSpeechMs) {
          announced = true;
          // Claim the utterance now so interim and final agree.
          utterance = utterances.shift() ?? defaultTranscript;
          send({ type: "SpeechStarted", channel: [0, 1], timestamp: +speechStart.toFixed(3) });
        }
        if (announced && sinceInterimMs >= interimEveryMs && utterance) {
          sinceInterimMs = 0;
          const words = utterance.split(/\s+/);
          const heard = Math.max(1, Math.min(words.length - 1, Math.round(speechMs / 250)));
          results(words.slice(0, heard).join(" "), false);
        }
      } else if (speaking) {
        silenceMs += WINDOW_MS;
        if (silenceMs >= endSilenceMs) finalize();
      }
    };

    const onAudio = (bytes: Uint8Array) => {
      const incoming = int16FromBytes(bytes);
      session.audioMs += (incoming.length / channels / sampleRate) * 1000;
      const merged = new Int16Array(pending.length + incoming.length);
      merged.set(pending);
      merged.set(incoming, pending.length);
      let offset = 0;
      while (merged.length - offset >= windowSamples) {
        onWindow(merged.subarray(offset, offset + windowSamples));
        offset += windowSamples;
      }
      pending = merged.slice(offset);
      // The plugin stops sending audio ~1 s into silence; if audio stops while the
      // speaker is mid-utterance, end the utterance on the wall clock instead.
      clearTimeout(idleTimer);
      if (speaking) idleTimer = setTimeout(() => finalize(), endSilenceMs);
    };

    ws.on("message", (data: RawData, isBinary: boolean) => {
      if (isBinary) {
        const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        onAudio(buf);
        return;
      }
      let msg: { type?: string };
      try {
        msg = JSON.parse(data.toString()) as { type?: string };
      } catch {
        return;
      }
      if (msg.type === "Finalize") finalize(true);
      if (msg.type === "CloseStream") {
        finalize(true);
        send({
          type: "Metadata",
          transaction_key: "deprecated",
          request_id: requestId,
          sha256: "",
          created: session.openedAt,
          duration: +nowSec().toFixed(3),
          channels,
          models: [metadata.model_uuid],
          model_info: { [metadata.model_uuid]: metadata.model_info },
        });
        ws.close(1000);
      }
      // KeepAlive needs no answer.
    });
    ws.on("close", () => {
      clearTimeout(idleTimer);
      session.closedAt = new Date().toISOString();
      sockets.delete(ws);
    });
  }

  // Deepgram's `Authorization: Token <key>`; any non-empty token unless opts.apiKey is set.
  const isAuthorized = (req: IncomingMessage) => {
    const auth = req.headers.authorization ?? "";
    const token = auth.startsWith("Token ") ? auth.slice(6).trim() : "";
    return !!token && (opts.apiKey === undefined || token === opts.apiKey);
  };

  const wss = new WebSocketServer({ noServer: true });
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname.replace(/\/+$/, "");
    const handle = async () => {
      if (req.method === "GET" && path === "/v1/projects") {
        if (!isAuthorized(req)) {
          return sendJson(res, 401, { err_code: "INVALID_AUTH", err_msg: "Invalid credentials.", request_id: randomUUID() });
        }
        return sendJson(res, 200, { projects: [{ project_id: "00000000-0000-4000-8000-00000000fa4e", name: "Fake project" }] });
      }
      if (req.method === "GET" && path === "/__fake/transcripts") return sendJson(res, 200, transcripts);
      if (req.method === "GET" && path === "/__fake/sessions") return sendJson(res, 200, sessions);
      if (req.method === "POST" && path === "/__fake/utterances") {
        const body = (await readJson(req)) as { utterances?: unknown; default_transcript?: unknown };
        if (Array.isArray(body.utterances)) utterances.push(...body.utterances.map(String));
        if (typeof body.default_transcript === "string") defaultTranscript = body.default_transcript;
        return sendJson(res, 200, { queued: utterances.length });
      }
      if (req.method === "POST" && path === "/__fake/reset") {
        fake.reset();
        return sendJson(res, 200, { ok: true });
      }
      return sendJson(res, 404, { err_code: "NOT_FOUND", err_msg: `no fake for ${req.method} ${path}` });
    };
    handle().catch((error: unknown) => sendJson(res, 500, { err_msg: String(error) }));
  });

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const reject = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n`);
    };
    if (url.pathname !== "/v1/listen") return reject(404, "Not Found");
    if (!isAuthorized(req)) return reject(401, "Unauthorized");
    if (url.searchParams.get("encoding") !== null && url.searchParams.get("encoding") !== "linear16") {
      return reject(400, "Bad Request");
    }
    wss.handleUpgrade(req, socket, head, (ws) => handleConnection(ws, url));
  });

  const port = await listenLoopback(server, opts.port ?? 0);
  const fake: FakeDeepgram = {
    port,
    baseUrl: `ws://127.0.0.1:${port}`,
    httpUrl: `http://127.0.0.1:${port}`,
    transcripts,
    sessions,
    queueUtterances: (...more) => void utterances.push(...more),
    setDefaultTranscript: (text) => void (defaultTranscript = text),
    reset() {
      transcripts.length = 0;
      sessions.length = 0;
      utterances.length = 0;
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      await closeServer(server);
    },
  };
  return fake;
}
