// Text-only conversations for turn-level tests: the same agent, tools and behaviours the
// worker builds for a call, on an AgentSession without a room, with the LLM pointed at the
// loopback fake OpenAI server and tool webhooks going to a real local HTTP receiver.
import { voice } from "@livekit/agents";
import * as openai from "@livekit/agents-plugin-openai";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { closeServer, listenLoopback, readBody, sendJson } from "../../tests/fakes/http";
import { verifyWebhookSignature } from "../../lib/contract/webhook-signature";
import { SwitchboardAgent } from "../agent";
import { ConversationEnder, type ConversationEndReason } from "../behaviours/ending";
import { callConfigSchema, type CallConfig } from "../../lib/contract/call-config";
import { buildTools } from "../tools";
import { tellTransferFailed } from "../tools/transfer-call";
import { ToolCallRecorder } from "../tools/recorder";
import { callVariables, substituteVariables } from "../variables";

export interface Conversation {
  session: voice.AgentSession;
  agent: SwitchboardAgent;
  ender: ConversationEnder;
  recorder: ToolCallRecorder;
  config: CallConfig;
  render: (text: string) => string;
  /** End reasons handed to the call, in order. */
  ends: ConversationEndReason[];
  /** Resolves with the first end reason. */
  ended: Promise<ConversationEndReason>;
  close(): Promise<void>;
}

export function callConfigFor(opts: { openaiUrl: string; call?: Record<string, unknown>; assistant?: Record<string, unknown> }): CallConfig {
  return callConfigSchema.parse({
    call: { id: randomUUID(), type: "web", room_name: "text-only", organization_id: randomUUID(), ...opts.call },
    assistant: {
      id: randomUUID(),
      name: "Test clinic",
      first_message: null,
      is_active: true,
      stt_config: { provider: "deepgram", model: "nova-3", language: "en" },
      tts_config: { provider: "openai", voice_id: "alloy" },
      ...opts.assistant,
      llm_config: {
        provider: "openai",
        model: "gpt-4o-mini",
        messages: [{ role: "system", content: "You are the front desk of a clinic." }],
        ...(opts.assistant?.llm_config as Record<string, unknown> | undefined),
        base_url: opts.openaiUrl,
      },
    },
  });
}

export async function startConversation(
  config: CallConfig,
  opts: {
    openaiUrl: string;
    toolTimeoutMs?: number;
    playoutTimeoutMs?: number;
    allowPrivateNetworks?: boolean;
    /** A phone call's SIP transfer (as VoiceCallSession wires it to the app). */
    transferSip?: (destination: string) => Promise<void>;
    /** A phone call's key presses (as VoiceCallSession wires it to the room). */
    publishDtmf?: (code: number, digit: string) => Promise<void>;
  },
): Promise<Conversation> {
  const session = new voice.AgentSession({
    llm: new openai.LLM({ model: config.assistant.llm_config.model, baseURL: opts.openaiUrl, apiKey: "test-key" }),
    vad: null,
    turnHandling: { turnDetection: null },
  });
  const recorder = new ToolCallRecorder();
  const ends: ConversationEndReason[] = [];
  let resolveEnded!: (reason: ConversationEndReason) => void;
  const ended = new Promise<ConversationEndReason>((resolve) => (resolveEnded = resolve));
  const ender = new ConversationEnder({
    session,
    end: (reason) => {
      ends.push(reason);
      resolveEnded(reason);
    },
    playoutTimeoutMs: opts.playoutTimeoutMs ?? 5_000,
    transferSip: opts.transferSip,
  });
  const variables = callVariables(config.call);
  const render = (text: string) => substituteVariables(text, variables);
  const tools = buildTools({
    call: config.call,
    assistant: config.assistant,
    recorder,
    ender,
    render,
    say: (text) => session.say(text),
    toolTimeoutMs: opts.toolTimeoutMs ?? 5_000,
    allowPrivateNetworks: opts.allowPrivateNetworks,
    onTransferFailed: (destination, error) => tellTransferFailed(session, destination, error),
    publishDtmf: opts.publishDtmf,
  });
  const agent = new SwitchboardAgent(config.assistant, { render, tools });
  await session.start({ agent });
  return { session, agent, ender, recorder, config, render, ends, ended, close: () => session.close() };
}

export interface ReceivedToolCall {
  headers: IncomingMessage["headers"];
  rawBody: string;
  body: { message: Record<string, unknown> & { tool_call_list: Array<{ id: string; type: string; function: { name: string; arguments: Record<string, unknown> } }> } };
  signatureValid: boolean;
}

/** A customer's tool endpoint: verifies the HMS signature and answers with `respond`. */
export interface ToolReceiver {
  url: string;
  readonly received: ReceivedToolCall[];
  respond: (call: ReceivedToolCall, res: ServerResponse) => void | Promise<void>;
  close(): Promise<void>;
}

export async function startToolReceiver(secret: string): Promise<ToolReceiver> {
  const receiver: ToolReceiver = {
    url: "",
    received: [],
    respond: (_call, res) => sendJson(res, 200, { result: "ok" }),
    close: () => closeServer(server),
  };
  const server = createServer((req, res) => {
    void (async () => {
      const rawBody = await readBody(req);
      const call: ReceivedToolCall = {
        headers: req.headers,
        rawBody,
        body: JSON.parse(rawBody) as ReceivedToolCall["body"],
        signatureValid: verifyWebhookSignature({
          secret,
          rawBody,
          signature: req.headers["x-webhook-signature"] as string | undefined,
          timestamp: req.headers["x-webhook-timestamp"] as string | undefined,
        }),
      };
      receiver.received.push(call);
      if (!call.signatureValid) return sendJson(res, 401, { error: "bad signature" });
      await receiver.respond(call, res);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  receiver.url = `http://127.0.0.1:${await listenLoopback(server)}/tools`;
  return receiver;
}
