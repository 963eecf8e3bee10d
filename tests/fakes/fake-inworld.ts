// Loopback stand-in for Inworld's text-to-speech API, speaking its HTTP wire format:
//   POST /tts/v1/voice:stream  (Authorization: Basic <key>)
//     { text, voiceId, modelId, audioConfig: { audioEncoding: "LINEAR16", sampleRateHertz, speakingRate? } }
//     -> newline-delimited JSON, one `{"result":{"audioContent":"<base64 WAV chunk>"}}` per
//        chunk; each LINEAR16 chunk is a small WAV file (44-byte RIFF header + PCM s16le mono)
//   POST /tts/v1/voice -> `{"audioContent":"<base64 WAV>"}`
// Errors are `{"code","message"}` with the HTTP status (as Inworld's gRPC-gateway answers).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { speechLike, toBytes, wavFile } from "./audio";
import { closeServer, listenLoopback, readJson, sendJson, sleep } from "./http";
import { speechDurationMs } from "./fake-openai";

export interface RecordedInworldRequest {
  text: string;
  voiceId: string;
  modelId: string;
  audioEncoding: string;
  sampleRateHertz: number;
  speakingRate?: number;
  streamed: boolean;
  at: string;
}

export interface FakeInworldOptions {
  port?: number;
  /** When set, requests must carry `Authorization: Basic <apiKey>`. */
  apiKey?: string;
  msPerChar?: number;
  latencyMs?: number;
  /** Audio chunks per streamed answer. */
  chunks?: number;
}

export interface FakeInworld {
  port: number;
  /** Base URL (no path): the client appends /tts/v1/voice:stream. */
  baseUrl: string;
  readonly requests: RecordedInworldRequest[];
  readonly texts: string[];
  /** Make the next `count` synthesis requests fail with `status`. */
  failNext(count: number, status?: number): void;
  reset(): void;
  close(): Promise<void>;
}

/** A WAV file around PCM s16le mono, as Inworld sends each LINEAR16 chunk. */
export const wavChunk = (pcm: Buffer, sampleRate: number): Buffer => wavFile(pcm, sampleRate);

export async function startFakeInworld(opts: FakeInworldOptions = {}): Promise<FakeInworld> {
  const requests: RecordedInworldRequest[] = [];
  const failure = { count: 0, status: 500 };
  const msPerChar = opts.msPerChar ?? 60;
  const chunks = Math.max(1, opts.chunks ?? 3);

  const error = (res: ServerResponse, status: number, message: string) => sendJson(res, status, { code: status === 401 ? 16 : 13, message, details: [] });

  async function synthesize(req: IncomingMessage, res: ServerResponse, streamed: boolean) {
    const body = (await readJson(req)) as Record<string, unknown>;
    const audioConfig = (body.audioConfig ?? body.audio_config ?? {}) as Record<string, unknown>;
    const record: RecordedInworldRequest = {
      text: String(body.text ?? ""),
      voiceId: String(body.voiceId ?? body.voice_id ?? ""),
      modelId: String(body.modelId ?? body.model_id ?? ""),
      audioEncoding: String(audioConfig.audioEncoding ?? audioConfig.audio_encoding ?? "MP3"),
      sampleRateHertz: Number(audioConfig.sampleRateHertz ?? audioConfig.sample_rate_hertz ?? 48_000),
      ...(typeof audioConfig.speakingRate === "number" ? { speakingRate: audioConfig.speakingRate } : {}),
      streamed,
      at: new Date().toISOString(),
    };
    requests.push(record);
    if (failure.count > 0) {
      failure.count--;
      return error(res, failure.status, "scripted failure");
    }
    if (!record.text || !record.voiceId || !record.modelId) return error(res, 400, "text, voiceId and modelId are required");
    if (record.audioEncoding !== "LINEAR16") return error(res, 400, `the fake only produces LINEAR16, not ${record.audioEncoding}`);
    if (opts.latencyMs) await sleep(opts.latencyMs);

    const pcm = toBytes(speechLike(speechDurationMs(record.text, msPerChar), record.sampleRateHertz));
    if (!streamed) return sendJson(res, 200, { audioContent: wavChunk(pcm, record.sampleRateHertz).toString("base64") });
    res.writeHead(200, { "content-type": "application/json" });
    const size = Math.ceil(pcm.length / chunks / 2) * 2;
    for (let offset = 0; offset < pcm.length; offset += size) {
      const audioContent = wavChunk(pcm.subarray(offset, offset + size), record.sampleRateHertz).toString("base64");
      res.write(`${JSON.stringify({ result: { audioContent, timestampInfo: null } })}\n`);
    }
    res.end();
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    const handle = async () => {
      if (opts.apiKey && req.headers.authorization !== `Basic ${opts.apiKey}`) return error(res, 401, "invalid credentials");
      if (req.method === "POST" && path === "/tts/v1/voice:stream") return synthesize(req, res, true);
      if (req.method === "POST" && path === "/tts/v1/voice") return synthesize(req, res, false);
      return error(res, 404, `no fake for ${req.method} ${path}`);
    };
    handle().catch((e: unknown) => {
      if (!res.headersSent) error(res, 500, String(e));
      else res.end();
    });
  });

  const port = await listenLoopback(server, opts.port ?? 0);
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    get texts() {
      return requests.map((r) => r.text);
    },
    failNext: (count, status = 500) => void Object.assign(failure, { count, status }),
    reset() {
      requests.length = 0;
      failure.count = 0;
    },
    close: () => closeServer(server),
  };
}
