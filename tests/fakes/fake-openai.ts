// Loopback stand-in for the OpenAI API, speaking the wire format the openai SDK (and so
// @livekit/agents-plugin-openai) uses: streamed chat completions over SSE, /models, and
// /audio/speech returning raw PCM (s16le, mono, 24 kHz: the plugin asks for
// response_format "pcm"), and /audio/transcriptions (multipart upload of one WAV utterance,
// answered `{ text }`, as the plugin's non-streaming STT uses it). Replies are scripted;
// every request is recorded.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { speechLike, toBytes } from "./audio";
import { closeServer, listenLoopback, readJson, sendJson, sleep } from "./http";

export interface RecordedTranscriptionRequest {
  model: string;
  language?: string;
  prompt?: string;
  /** Bytes of the uploaded audio file (a WAV). */
  audioBytes: number;
  at: string;
}

/** The parts of a multipart/form-data body by field name (files as raw bytes). */
export function parseMultipart(body: Buffer, contentType: string | undefined): Map<string, Buffer> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType ?? "");
  const parts = new Map<string, Buffer>();
  if (!boundary) return parts;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2); // skip CRLF after the delimiter and before the next
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd >= 0) {
      const name = /name="([^"]+)"/.exec(part.subarray(0, headerEnd).toString("utf8"))?.[1];
      if (name) parts.set(name, part.subarray(headerEnd + 4));
    }
    start = next;
  }
  return parts;
}

export const OPENAI_TTS_SAMPLE_RATE = 24_000;

export interface RecordedChatRequest {
  model: string;
  messages: Array<{ role: string; content: unknown; tool_calls?: unknown; tool_call_id?: string }>;
  /** The function tools offered to the model (`tools[].function`). */
  tools: Array<{ name: string; description?: string; parameters?: unknown }>;
  temperature?: number;
  maxTokens?: number;
  stream: boolean;
  /** The request's response_format, e.g. { type: "json_object" } (JSON mode). */
  responseFormat?: unknown;
  at: string;
}

export interface RecordedSpeechRequest {
  input: string;
  model: string;
  voice: string;
  responseFormat: string;
  durationMs: number;
  at: string;
}

/**
 * A conditional scripted reply: it answers only a request whose messages contain `match`
 * (and, with `json: true`, only a JSON-mode request); other requests pass it by. Lets a test
 * script one call's conversation while other calls (or post-call analysis) share the fake.
 */
export interface ScriptedMatchReply {
  match?: string;
  json?: boolean;
  content?: string;
  toolCalls?: ScriptedToolCallReply["toolCalls"];
}

/** A scripted reply that calls tools (optionally with text before the calls). */
export interface ScriptedToolCallReply {
  content?: string;
  toolCalls: Array<{ name: string; arguments: Record<string, unknown>; id?: string }>;
}
export type ScriptedReply = string | ScriptedToolCallReply | ScriptedMatchReply;

const isConditional = (r: ScriptedReply): r is ScriptedMatchReply =>
  typeof r === "object" && ("match" in r || "json" in r);

/** Takes the first queued reply that applies to this request (unconditional ones apply to all). */
function takeReply(queue: ScriptedReply[], messagesText: string, isJson: boolean): ScriptedReply | undefined {
  const index = queue.findIndex((r) => {
    if (!isConditional(r)) return !isJson || typeof r === "string";
    return (r.match === undefined || messagesText.includes(r.match)) && (r.json === true) === isJson;
  });
  return index < 0 ? undefined : queue.splice(index, 1)[0];
}

export interface FakeOpenAIOptions {
  port?: number;
  /** Used when the reply queue is empty. */
  defaultReply?: string;
  replies?: ScriptedReply[];
  /** Synthesised audio length per character of input. */
  msPerChar?: number;
  /** Delay before the first chat chunk / before the speech response. */
  latencyMs?: number;
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Text of every transcription when none is queued. */
  defaultTranscript?: string;
}

export interface FakeOpenAI {
  port: number;
  /** Base URL to hand to the SDK, ending in /v1. */
  baseUrl: string;
  readonly requests: RecordedChatRequest[];
  readonly speechRequests: RecordedSpeechRequest[];
  readonly transcriptionRequests: RecordedTranscriptionRequest[];
  readonly ttsTexts: string[];
  queueTranscripts(...texts: string[]): void;
  queueReplies(...replies: ScriptedReply[]): void;
  setDefaultReply(reply: string): void;
  /** Make the next `count` chat (speech, transcription) requests fail with `status`. */
  failNext(kind: "chat" | "speech" | "transcription", count: number, status?: number): void;
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_REPLY = "Sure, I can help with that.";

/** Splits text into word-sized deltas that keep their spacing, like a real stream. */
export function splitIntoDeltas(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [text];
}

/** Audio length for `text`: msPerChar per character, rounded up to whole 100 ms frames. */
export function speechDurationMs(text: string, msPerChar: number): number {
  return Math.max(200, Math.ceil((text.length * msPerChar) / 100) * 100);
}

export async function startFakeOpenAI(opts: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const replies: ScriptedReply[] = [...(opts.replies ?? [])];
  let defaultReply = opts.defaultReply ?? DEFAULT_REPLY;
  const msPerChar = opts.msPerChar ?? 60;
  const latencyMs = opts.latencyMs ?? 0;
  const requests: RecordedChatRequest[] = [];
  const speechRequests: RecordedSpeechRequest[] = [];
  const transcriptionRequests: RecordedTranscriptionRequest[] = [];
  const transcripts: string[] = [];
  const failures = { chat: { count: 0, status: 500 }, speech: { count: 0, status: 500 }, transcription: { count: 0, status: 500 } };

  const isAuthorized = (req: IncomingMessage) =>
    !opts.apiKey || req.headers.authorization === `Bearer ${opts.apiKey}`;

  const apiError = (res: ServerResponse, status: number, message: string) =>
    sendJson(res, status, { error: { message, type: "fake_error", code: status === 401 ? "invalid_api_key" : null } });

  async function chatCompletions(req: IncomingMessage, res: ServerResponse) {
    const body = (await readJson(req)) as Record<string, unknown>;
    const record: RecordedChatRequest = {
      model: String(body.model ?? ""),
      messages: Array.isArray(body.messages) ? (body.messages as RecordedChatRequest["messages"]) : [],
      tools: Array.isArray(body.tools)
        ? (body.tools as Array<{ function?: RecordedChatRequest["tools"][number] }>).flatMap((t) => (t.function ? [t.function] : []))
        : [],
      temperature: typeof body.temperature === "number" ? body.temperature : undefined,
      maxTokens:
        typeof body.max_completion_tokens === "number"
          ? body.max_completion_tokens
          : typeof body.max_tokens === "number"
            ? body.max_tokens
            : undefined,
      stream: body.stream === true,
      ...(body.response_format !== undefined ? { responseFormat: body.response_format } : {}),
      at: new Date().toISOString(),
    };
    requests.push(record);
    if (failures.chat.count > 0) {
      failures.chat.count--;
      return apiError(res, failures.chat.status, "scripted failure");
    }
    const isJson = body.response_format !== undefined && (body.response_format as { type?: unknown })?.type !== "text";
    const picked = takeReply(replies, JSON.stringify(record.messages), isJson) ?? defaultReply;
    const scripted: string | ScriptedToolCallReply =
      typeof picked === "string" ? picked : { content: picked.content, toolCalls: picked.toolCalls ?? [] };
    const reply = typeof scripted === "string" ? scripted : (scripted.content ?? "");
    const toolCalls = (typeof scripted === "string" ? [] : scripted.toolCalls).map((call, index) => ({
      index,
      id: call.id ?? `call_${randomUUID().replace(/-/g, "").slice(0, 24)}`,
      type: "function" as const,
      function: { name: call.name, arguments: JSON.stringify(call.arguments) },
    }));
    const finishReason = toolCalls.length ? "tool_calls" : "stop";
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const usage = {
      prompt_tokens: JSON.stringify(record.messages).length >> 2,
      completion_tokens: splitIntoDeltas(reply).length,
      total_tokens: 0,
    };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    if (latencyMs) await sleep(latencyMs);

    if (!record.stream) {
      return sendJson(res, 200, {
        id,
        object: "chat.completion",
        created,
        model: record.model,
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: reply || null, ...(toolCalls.length ? { tool_calls: toolCalls.map(({ index: _i, ...c }) => c) } : {}) },
            finish_reason: finishReason,
          },
        ],
        usage,
      });
    }

    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const send = (chunk: unknown) => res.write(`data: ${JSON.stringify(chunk)}\n\n`);
    const base = { id, object: "chat.completion.chunk", created, model: record.model };
    send({ ...base, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] });
    if (reply) {
      for (const delta of splitIntoDeltas(reply)) {
        send({ ...base, choices: [{ index: 0, delta: { content: delta }, finish_reason: null }] });
      }
    }
    // Tool calls stream like OpenAI's: id, type and name first, then the arguments.
    for (const call of toolCalls) {
      send({
        ...base,
        choices: [{ index: 0, delta: { tool_calls: [{ index: call.index, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } }] }, finish_reason: null }],
      });
      send({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: call.index, function: { arguments: call.function.arguments } }] }, finish_reason: null }] });
    }
    send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: finishReason }] });
    const streamOptions = body.stream_options as { include_usage?: boolean } | undefined;
    if (streamOptions?.include_usage) send({ ...base, choices: [], usage });
    res.write("data: [DONE]\n\n");
    res.end();
  }

  async function audioSpeech(req: IncomingMessage, res: ServerResponse) {
    const body = (await readJson(req)) as Record<string, unknown>;
    const input = String(body.input ?? "");
    const responseFormat = String(body.response_format ?? "mp3");
    const durationMs = speechDurationMs(input, msPerChar);
    speechRequests.push({
      input,
      model: String(body.model ?? ""),
      voice: String(body.voice ?? ""),
      responseFormat,
      durationMs,
      at: new Date().toISOString(),
    });
    if (failures.speech.count > 0) {
      failures.speech.count--;
      return apiError(res, failures.speech.status, "scripted failure");
    }
    if (responseFormat !== "pcm") {
      return apiError(res, 400, `the fake only produces pcm, not ${responseFormat}`);
    }
    if (latencyMs) await sleep(latencyMs);
    const audio = toBytes(speechLike(durationMs, OPENAI_TTS_SAMPLE_RATE));
    res.writeHead(200, { "content-type": "audio/pcm", "content-length": audio.length });
    res.end(audio);
  }

  async function audioTranscriptions(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const parts = parseMultipart(Buffer.concat(chunks), req.headers["content-type"]);
    const field = (name: string) => parts.get(name)?.toString("utf8");
    const file = parts.get("file");
    transcriptionRequests.push({
      model: field("model") ?? "",
      ...(field("language") ? { language: field("language") } : {}),
      ...(field("prompt") ? { prompt: field("prompt") } : {}),
      audioBytes: file?.length ?? 0,
      at: new Date().toISOString(),
    });
    if (failures.transcription.count > 0) {
      failures.transcription.count--;
      return apiError(res, failures.transcription.status, "scripted failure");
    }
    if (!file || file.subarray(0, 4).toString("latin1") !== "RIFF") return apiError(res, 400, "file must be a WAV upload");
    if (!field("model")) return apiError(res, 400, "model is required");
    if (latencyMs) await sleep(latencyMs);
    return sendJson(res, 200, { text: transcripts.shift() ?? opts.defaultTranscript ?? "Hello there." });
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string) {
    if (req.method === "GET" && path === "/__fake/requests") return sendJson(res, 200, requests);
    if (req.method === "GET" && path === "/__fake/tts") return sendJson(res, 200, speechRequests.map((r) => r.input));
    if (req.method === "GET" && path === "/__fake/speech") return sendJson(res, 200, speechRequests);
    if (req.method === "POST" && path === "/__fake/replies") {
      const body = (await readJson(req)) as { replies?: unknown; default_reply?: unknown };
      if (Array.isArray(body.replies)) {
        replies.push(
          ...body.replies.map((r): ScriptedReply =>
            typeof r === "object" && r !== null && (Array.isArray((r as ScriptedToolCallReply).toolCalls) || "match" in r || "json" in r)
              ? (r as ScriptedReply)
              : String(r),
          ),
        );
      }
      if (typeof body.default_reply === "string") defaultReply = body.default_reply;
      return sendJson(res, 200, { queued: replies.length });
    }
    if (req.method === "POST" && path === "/__fake/reset") {
      fake.reset();
      return sendJson(res, 200, { ok: true });
    }
    return sendJson(res, 404, { error: "not found" });
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname.replace(/\/+$/, "");
    const handle = async () => {
      if (path.startsWith("/__fake/")) return control(req, res, path);
      if (!isAuthorized(req)) return apiError(res, 401, "Incorrect API key provided");
      if (req.method === "GET" && path === "/v1/models") {
        return sendJson(res, 200, {
          object: "list",
          data: [
            { id: "gpt-4o-mini", object: "model", created: 0, owned_by: "fake" },
            { id: "tts-1", object: "model", created: 0, owned_by: "fake" },
          ],
        });
      }
      if (req.method === "POST" && path === "/v1/chat/completions") return chatCompletions(req, res);
      if (req.method === "POST" && path === "/v1/audio/speech") return audioSpeech(req, res);
      if (req.method === "POST" && path === "/v1/audio/transcriptions") return audioTranscriptions(req, res);
      return apiError(res, 404, `no fake for ${req.method} ${path}`);
    };
    handle().catch((error: unknown) => {
      if (!res.headersSent) apiError(res, 500, String(error));
      else res.end();
    });
  });

  const port = await listenLoopback(server, opts.port ?? 0);
  const fake: FakeOpenAI = {
    port,
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    speechRequests,
    transcriptionRequests,
    queueTranscripts: (...more) => void transcripts.push(...more),
    get ttsTexts() {
      return speechRequests.map((r) => r.input);
    },
    queueReplies: (...more) => void replies.push(...more),
    setDefaultReply: (reply) => void (defaultReply = reply),
    failNext: (kind, count, status = 500) => void (failures[kind] = { count, status }),
    reset() {
      requests.length = 0;
      speechRequests.length = 0;
      transcriptionRequests.length = 0;
      transcripts.length = 0;
      replies.length = 0;
      failures.chat.count = 0;
      failures.speech.count = 0;
      failures.transcription.count = 0;
    },
    close: () => closeServer(server),
  };
  return fake;
}
