// The tools the model gets for one call: the assistant's function tools (webhooks), and the
// built-ins end_call (also added by autonomous silence handling), transfer_call and send_dtmf
// (phone calls only).
import type { llm } from "@livekit/agents";
import type { ConversationEnder } from "../behaviours/ending";
import type { AssistantConfig, CallConfig } from "../../lib/contract/call-config";
import { buildEndCallTool, END_CALL_TOOL } from "./end-call";
import type { ToolCallRecorder } from "./recorder";
import { buildTransferCallTool, TRANSFER_CALL_TOOL } from "./transfer-call";
import { buildSendDtmfTool, SEND_DTMF_TOOL, type SendDtmfToolOptions } from "./send-dtmf";
import { buildFunctionTool, type FunctionToolRuntime } from "./webhook-tool";

/** Any function tool (their argument types differ). */
export type AnyFunctionTool = Extract<llm.ToolContextEntry, { type: "function" }>;

export interface BuildToolsOptions {
  call: CallConfig["call"];
  assistant: AssistantConfig;
  recorder: ToolCallRecorder;
  ender: ConversationEnder;
  /** {{variable}} substitution for spoken texts. */
  render: (text: string) => string;
  /** Speaks a function tool's `message` while it runs. */
  say: (text: string) => void;
  onTransferFailed?: (destination: string, error: string) => void;
  /** Presses a key on the phone; absent on web calls (send_dtmf is then left out). */
  publishDtmf?: SendDtmfToolOptions["publish"];
  toolTimeoutMs?: number;
  fetch?: typeof fetch;
  /** The outbound guard for tool servers; default: the worker's OUTBOUND_ALLOW_PRIVATE_NETWORKS. */
  allowPrivateNetworks?: boolean;
  onWarning?: FunctionToolRuntime["onWarning"];
}

export function buildTools(opts: BuildToolsOptions): AnyFunctionTool[] {
  const { assistant } = opts;
  const tools: AnyFunctionTool[] = [];
  const names = new Set<string>();
  const add = (tool: AnyFunctionTool) => {
    if (names.has(tool.name)) return;
    names.add(tool.name);
    tools.push(tool);
  };
  const configured = assistant.llm_config.tools;

  // Built-ins first, so a function tool cannot shadow them.
  if (configured.some((t) => t.type === "end_call") || assistant.autonomous_silence_handling) {
    const message = assistant.speech_config.end_call_message;
    add(buildEndCallTool({ ender: opts.ender, recorder: opts.recorder, endCallMessage: message ? opts.render(message) : undefined }));
  }
  const transfer = configured.find((t) => t.type === "transfer_call");
  if (transfer) {
    add(buildTransferCallTool({ config: transfer, ender: opts.ender, recorder: opts.recorder, render: opts.render, onFailed: opts.onTransferFailed }));
  }
  if (opts.publishDtmf && configured.some((t) => t.type === "send_dtmf")) {
    add(buildSendDtmfTool({ recorder: opts.recorder, publish: opts.publishDtmf }));
  }

  const runtime: FunctionToolRuntime = {
    context: { call: opts.call, assistant },
    recorder: opts.recorder,
    say: (text) => opts.say(opts.render(text)),
    timeoutMs: opts.toolTimeoutMs,
    fetch: opts.fetch,
    allowPrivateNetworks: opts.allowPrivateNetworks,
    onWarning: opts.onWarning,
  };
  for (const tool of configured) {
    if (tool.type === "function") add(buildFunctionTool(tool, runtime));
  }
  return tools;
}

export { END_CALL_TOOL, SEND_DTMF_TOOL, TRANSFER_CALL_TOOL };
