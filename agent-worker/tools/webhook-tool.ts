// Custom function tools: the model calls one, the worker POSTs the signed `tool-calls`
// webhook (HMS envelope + tool_call_list) to the tool's resolved server and hands the answer
// back to the model. Every failure (no server, timeout, HTTP error, unreachable, `{error}`)
// becomes a tool error the model can talk about; none of them leaves the call stuck.
// Tool server URLs are customer-supplied: with OUTBOUND_ALLOW_PRIVATE_NETWORKS=false a server
// on a loopback/private/link-local address is refused unsent (lib/contract/outbound-guard.ts).
import { llm } from "@livekit/agents";
import { BlockedOutboundUrlError, guardedFetch } from "../../lib/contract/outbound-guard";
import { buildWebhookEnvelope } from "../../lib/contract/webhook-envelope";
import { webhookHeaders } from "../../lib/contract/webhook-signature";
import type { CallConfig, FunctionToolConfig } from "../../lib/contract/call-config";
import { workerEnv } from "../env";
import type { ToolCallRecorder } from "./recorder";

export const DEFAULT_TOOL_TIMEOUT_MS = 10_000;
const MASKED = "********";
const MAX_ANSWER_BYTES = 100_000;
export const ASYNC_ACKNOWLEDGEMENT = "The request was sent. Its result will not be awaited; carry on with the conversation.";

export type ToolAnswer = { ok: true; result: string } | { ok: false; error: string };

/** What the webhook says about the call and the assistant (the same for every tool of a call). */
export interface ToolWebhookContext {
  call: CallConfig["call"];
  /** The resolved public assistant; envelopeAssistant() removes the tool secrets. */
  assistant: Record<string, unknown>;
}

export interface FunctionToolRuntime {
  context: ToolWebhookContext;
  recorder: ToolCallRecorder;
  /** Speaks the tool's `message` while it runs. */
  say?: (text: string) => void;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Default: the worker's OUTBOUND_ALLOW_PRIVATE_NETWORKS. */
  allowPrivateNetworks?: boolean;
  onWarning?: (message: string, detail: Record<string, unknown>) => void;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const formatSeconds = (ms: number) => String(Math.round(ms / 100) / 10);
const asText = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value ?? null));

/** The assistant as the webhook shows it: tool secrets (plain in the call config) masked. */
export function envelopeAssistant(assistant: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(assistant);
  const llmConfig = copy.llm_config;
  if (isPlainObject(llmConfig) && Array.isArray(llmConfig.tools)) {
    for (const tool of llmConfig.tools) {
      if (isPlainObject(tool) && isPlainObject(tool.server) && tool.server.secret) tool.server.secret = MASKED;
    }
  }
  if (typeof copy.webhook_secret === "string" && copy.webhook_secret) copy.webhook_secret = MASKED;
  return copy;
}

export function toolCallsEnvelope(context: ToolWebhookContext, call: { id: string; name: string; arguments: Record<string, unknown> }) {
  return buildWebhookEnvelope(
    "tool-calls",
    { ...context.call, status: "in-progress" },
    envelopeAssistant(context.assistant),
    { tool_call_list: [{ id: call.id, type: "function", function: { name: call.name, arguments: call.arguments } }] },
  );
}

/**
 * Reads a receiver's answer: `{results:[{tool_call_id, result|error}]}`, `{result}`, `{error}`,
 * any other JSON (passed on as JSON), or plain text.
 */
export function parseToolAnswer(body: string, toolCallId: string): ToolAnswer {
  const text = body.trim();
  if (!text) return { ok: true, result: "Done." };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: true, result: text };
  }
  if (!isPlainObject(json)) return { ok: true, result: asText(json) };
  if (Array.isArray(json.results)) {
    const results = json.results.filter(isPlainObject);
    const entry = results.find((r) => r.tool_call_id === toolCallId) ?? (results.length === 1 ? results[0] : undefined);
    if (!entry) return { ok: false, error: "The tool answered without a result for this call." };
    if (entry.error !== undefined && entry.error !== null && entry.result === undefined) return { ok: false, error: asText(entry.error) };
    return { ok: true, result: asText(entry.result ?? null) };
  }
  if ("result" in json) return { ok: true, result: asText(json.result) };
  if (typeof json.error === "string" || isPlainObject(json.error)) return { ok: false, error: asText(json.error) };
  return { ok: true, result: text };
}

export interface PostToolWebhookOptions {
  url: string;
  secret?: string;
  envelope: unknown;
  toolCallId: string;
  toolName: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  /** false: refuse servers on private networks (the outbound guard). Default true. */
  allowPrivateNetworks?: boolean;
}

/** POSTs the signed webhook and reads the answer; never throws. */
export async function postToolWebhook(opts: PostToolWebhookOptions): Promise<ToolAnswer> {
  const rawBody = JSON.stringify(opts.envelope);
  const headers = webhookHeaders({ event: "tool-calls", rawBody, secret: opts.secret, idempotencyKey: opts.toolCallId });
  const name = opts.toolName;
  try {
    const res = await guardedFetch(
      opts.url,
      { method: "POST", headers, body: rawBody, redirect: "error", signal: AbortSignal.timeout(opts.timeoutMs) },
      { allowPrivate: opts.allowPrivateNetworks ?? true, fetch: opts.fetch },
    );
    const body = (await res.text()).slice(0, MAX_ANSWER_BYTES);
    if (!res.ok) {
      const detail = parseToolAnswer(body, opts.toolCallId);
      const reason = !detail.ok ? `: ${detail.error}` : "";
      return { ok: false, error: `The tool "${name}" failed (HTTP ${res.status})${reason}. Tell the caller it cannot be done right now.` };
    }
    return parseToolAnswer(body, opts.toolCallId);
  } catch (error) {
    if (error instanceof BlockedOutboundUrlError) {
      return { ok: false, error: `The tool "${name}" is unavailable (${error.message}). Tell the caller this cannot be done right now.` };
    }
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    return {
      ok: false,
      error: timedOut
        ? `The tool "${name}" did not answer within ${formatSeconds(opts.timeoutMs)} seconds. Tell the caller it cannot be done right now.`
        : `The tool "${name}" could not be reached. Tell the caller it cannot be done right now.`,
    };
  }
}

/** The llm.tool for one function tool of the assistant. */
export function buildFunctionTool(config: FunctionToolConfig, runtime: FunctionToolRuntime) {
  const { name, description, parameters } = config.function;
  const timeoutMs = runtime.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
  return llm.tool({
    name,
    description: description || `Calls the ${name} function.`,
    // A JSON Schema from the assistant (validated by the app); the arguments are passed on as given.
    parameters: parameters as { type: "object" },
    execute: async (args, { toolCallId }) => {
      const callArgs: Record<string, unknown> = isPlainObject(args) ? args : {};
      const finish = runtime.recorder.start(toolCallId, name, callArgs);
      if (!config.server) {
        const error = `The tool "${name}" is unavailable: no server is configured for it. Tell the caller this cannot be done right now.`;
        finish({ error });
        throw new llm.ToolError(error);
      }
      if (config.message?.trim()) runtime.say?.(config.message);

      const envelope = toolCallsEnvelope(runtime.context, { id: toolCallId, name, arguments: callArgs });
      const request = postToolWebhook({
        url: config.server.url,
        secret: config.server.secret,
        envelope,
        toolCallId,
        toolName: name,
        timeoutMs,
        fetch: runtime.fetch,
        allowPrivateNetworks: runtime.allowPrivateNetworks ?? workerEnv().OUTBOUND_ALLOW_PRIVATE_NETWORKS,
      });
      if (config.async) {
        // Fire and forget: the receiver's answer only goes to the record.
        void request.then((answer) => {
          if (!answer.ok) runtime.onWarning?.("async tool webhook failed", { tool: name });
        });
        finish({ result: ASYNC_ACKNOWLEDGEMENT });
        return ASYNC_ACKNOWLEDGEMENT;
      }
      const answer = await request;
      if (!answer.ok) {
        finish({ error: answer.error });
        runtime.onWarning?.("tool webhook failed", { tool: name });
        throw new llm.ToolError(answer.error);
      }
      finish({ result: answer.result });
      return answer.result;
    },
  });
}
