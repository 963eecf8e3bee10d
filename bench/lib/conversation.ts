// One benchmark call: a headless rtc-node caller joins a fresh room, the agent is
// dispatched, greets, and then the caller speaks `turns` utterances (a speech-like signal),
// each after the agent's previous reply has finished. Per turn it measures
//   turn latency = the caller's last speech sample sent -> first agent audio frame with energy
// then hangs up and waits for the worker's `ended` report.
import { randomUUID } from "node:crypto";
import { speechLike } from "../../tests/fakes/audio";
import type { CallEndedEvent } from "../../agent-worker/app-client";
import { joinAsCaller, MIC_SAMPLE_RATE, type Caller } from "../../tests/worker/harness/caller";
import { makeCallConfig } from "../../tests/worker/harness/fixtures";
import type { CallConfig, FunctionToolConfig } from "../../lib/contract/call-config";
import { BENCH_AGENT, type BenchStack } from "./stack";

export type BenchCallConfig = CallConfig;

export interface CallFeatures {
  /** Recording on (the stand-in accepts the upload). */
  recording: boolean;
  /** Organisation/assistant webhook (all events) pointing at this receiver. */
  webhook?: { url: string; secret: string };
  /** Function tools whose server is `webhook` (needs `webhook`). */
  tools: number;
  /** Call variables ({{var}} substitution, echoed in webhooks). */
  metadata?: Record<string, unknown>;
}

export const LEAN: CallFeatures = { recording: false, tools: 0 };

/** The call config as the app would serve it, for the given runtime features. */
export function buildCallConfig(stack: BenchStack, features: CallFeatures): BenchCallConfig {
  const roomName = `bench-${randomUUID()}`;
  const server = features.webhook ? { url: features.webhook.url, secret: features.webhook.secret } : undefined;
  const tools: FunctionToolConfig[] = Array.from({ length: server ? features.tools : 0 }, (_, i) => ({
    type: "function",
    function: {
      name: i === 0 ? "get_opening_hours" : `lookup_record_${i}`,
      description: i === 0 ? "Opening hours of the clinic on a given day." : `Looks up a record of kind ${i}.`,
      parameters: {
        type: "object",
        properties: { day: { type: "string", description: "Day of the week" } },
        required: ["day"],
      },
    },
    server,
    async: false,
    message: undefined,
  }));
  const base = makeCallConfig({
    roomName,
    openaiUrl: stack.fakes.openaiUrl,
    call: { metadata: features.metadata ?? {} },
    webhook: features.webhook ? { url: features.webhook.url, secret: features.webhook.secret, events: [] } : null,
    recording: { enabled: features.recording },
  });
  // The platform's fakes come from OPENAI_BASE_URL/DEEPGRAM_BASE_URL (a per-call base_url needs BYOK).
  const { llm_config, tts_config, stt_config } = base.assistant;
  return {
    ...base,
    assistant: {
      ...base.assistant,
      stt_config: { ...stt_config, base_url: undefined },
      llm_config: { ...llm_config, base_url: undefined, tools },
      tts_config: { ...tts_config, base_url: undefined },
    },
  };
}

export interface TurnResult {
  latencyMs: number;
  /** When the caller finished speaking (wall clock). */
  spokeAt: number;
}

export interface ConversationResult {
  callId: string;
  greetingMs: number | null;
  turns: TurnResult[];
  failure?: string;
  /** When the caller left (wall clock); undefined if it never joined. */
  leftAt?: number;
  ended?: CallEndedEvent;
  endedAt?: number;
  endedBytes?: number;
}

export interface ConversationOptions {
  turns: number;
  speechMs?: number;
  /** Quiet time after the agent's audio before the caller speaks again. */
  pauseMs?: number;
  turnTimeoutMs?: number;
  /** Awaited after the greeting, before the first turn (e.g. a barrier across concurrent calls). */
  afterGreeting?: () => Promise<void>;
  /** Called right before the caller speaks turn `index` (0-based), e.g. to script the LLM. */
  beforeTurn?: (index: number) => void;
  /** Wait for the `ended` report after hanging up (ms; 0 = don't wait). */
  endedTimeoutMs?: number;
}

export async function runConversation(stack: BenchStack, config: BenchCallConfig, opts: ConversationOptions): Promise<ConversationResult> {
  const { livekit, api, dispatch } = stack;
  const callId = config.call.id;
  const result: ConversationResult = { callId, greetingMs: null, turns: [] };
  api.setCall(config);
  let caller: Caller | undefined;
  try {
    caller = await joinAsCaller({ url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret, room: config.call.room_name });
    await dispatch.createDispatch(config.call.room_name, BENCH_AGENT, { metadata: JSON.stringify({ call_id: callId }) });
    const greetedAt = await caller.waitForAgentAudio({ timeoutMs: 30_000 });
    result.greetingMs = greetedAt - caller.joinedAt;
    const pauseMs = opts.pauseMs ?? 400;
    const turnTimeoutMs = opts.turnTimeoutMs ?? 15_000;
    await caller.waitForAgentQuiet({ quietMs: pauseMs, timeoutMs: 20_000 });
    await opts.afterGreeting?.();
    const utterance = speechLike(opts.speechMs ?? 800, MIC_SAMPLE_RATE);
    for (let turn = 0; turn < opts.turns; turn++) {
      opts.beforeTurn?.(turn);
      const spoken = await caller.speak(utterance);
      let repliedAt: number;
      try {
        repliedAt = await caller.waitForAgentAudio({ since: spoken.endedAt, timeoutMs: turnTimeoutMs });
      } catch (error) {
        throw new Error(`turn ${turn + 1}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      result.turns.push({ latencyMs: repliedAt - spoken.endedAt, spokeAt: spoken.endedAt });
      await caller.waitForAgentQuiet({ quietMs: pauseMs, timeoutMs: 20_000 });
    }
  } catch (error) {
    result.failure = error instanceof Error ? error.message : String(error);
  } finally {
    if (caller) {
      result.leftAt = Date.now();
      await caller.leave();
    }
  }
  if (caller && (opts.endedTimeoutMs ?? 20_000) > 0) {
    try {
      result.ended = await api.waitForEvent(callId, "ended", opts.endedTimeoutMs ?? 20_000);
      const recorded = api.events.find((e) => e.callId === callId && e.event.type === "ended");
      result.endedAt = recorded?.at;
      result.endedBytes = Buffer.byteLength(JSON.stringify(result.ended));
    } catch (error) {
      result.failure ??= error instanceof Error ? error.message : String(error);
    }
  }
  return result;
}
