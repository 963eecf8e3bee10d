// Per-turn timings and per-provider usage of one call, from the agents framework's own
// measurements: `metrics_collected` events (eou/llm/tts/stt metrics, the llm and tts ones
// tagged with the speech they belong to) and the metrics report on the assistant's
// ChatMessage (e2eLatency, when the agent started speaking).
//
// A turn is one speech of the agent: the greeting, or the reply to one user utterance
// (tool steps of that reply included — the framework keeps them on the same speech).
import { voice, type llm, type metrics as agentMetrics } from "@livekit/agents";
import type { CallUsage, TurnTiming } from "../lib/contract/call-events";
import type { AssistantConfig } from "../lib/contract/call-config";

type AgentMetrics = agentMetrics.AgentMetrics;
export type Stage = "stt" | "llm" | "tts";

/** A provider a stage may use (the primary first, then its fallbacks). */
export interface StageProvider {
  provider: string;
  model: string | null;
}
export type UsageTargets = Record<Stage, StageProvider[]>;

/** What the collector needs of a SpeechHandle: its id and the chat items it produced. */
export interface SpeechLike {
  id: string;
  chatItems: readonly llm.ChatItem[];
}

interface TurnData {
  speechId: string;
  eou?: { transcriptionDelayMs: number; endOfUtteranceDelayMs: number; lastSpeakingTimeMs: number };
  llmTtftMs?: number;
  ttsTtfbMs?: number;
  promptTokens: number;
  completionTokens: number;
  ttsCharacters: number;
  speech?: SpeechLike;
  /** When the speech was created (ms), to find its message when the speech does not list it. */
  createdAt?: number;
}

interface SpokenMetrics {
  startedSpeakingAt?: number;
  e2eLatency?: number;
}

const round = (ms: number) => Math.max(0, Math.round(ms));

function providerList(config: { provider: string; model?: string | null; fallbacks?: unknown }, model: string | null): StageProvider[] {
  const list: StageProvider[] = [{ provider: config.provider, model }];
  // Fallback providers (when the assistant configures them) are plain objects with provider/model.
  if (Array.isArray(config.fallbacks)) {
    for (const f of config.fallbacks as unknown[]) {
      if (f && typeof f === "object" && typeof (f as { provider?: unknown }).provider === "string") {
        const m = (f as { model?: unknown }).model;
        list.push({ provider: (f as { provider: string }).provider, model: typeof m === "string" ? m : null });
      }
    }
  }
  return list;
}

/** The providers usage is attributed to, from the assistant configuration. */
export function usageTargetsOf(assistant: AssistantConfig): UsageTargets {
  return {
    stt: providerList(assistant.stt_config, assistant.stt_config.model),
    llm: providerList(assistant.llm_config, assistant.llm_config.model),
    tts: providerList(assistant.tts_config, assistant.tts_config.model ?? null),
  };
}

export class CallMetricsCollector {
  readonly #turns = new Map<string, TurnData>();
  readonly #targets: UsageTargets;
  readonly #active: Record<Stage, number> = { stt: 0, llm: 0, tts: 0 };
  readonly #stt = new Map<number, number>(); // target index -> audio ms
  readonly #llm = new Map<number, { prompt: number; completion: number }>();
  readonly #tts = new Map<number, number>(); // target index -> characters
  // Assistant messages in the order they were added. session.say() does not link its
  // message to the speech handle (generated replies do), so those are matched by time.
  readonly #assistantMessages: llm.ChatMessage[] = [];

  constructor(targets: UsageTargets) {
    this.#targets = targets;
  }

  /** Listens to the session's metrics and speeches. */
  attach(session: voice.AgentSession): void {
    session.on(voice.AgentSessionEventTypes.MetricsCollected, (ev) => this.addMetrics(ev.metrics));
    session.on(voice.AgentSessionEventTypes.SpeechCreated, (ev) => this.addSpeech(ev.speechHandle, ev.createdAt));
    session.on(voice.AgentSessionEventTypes.ConversationItemAdded, (ev) => {
      if (ev.item.type === "message") this.addConversationItem(ev.item);
    });
  }

  addSpeech(speech: SpeechLike, createdAt = Date.now()): void {
    const turn = this.#turn(speech.id);
    turn.speech = speech;
    turn.createdAt = createdAt;
  }

  addConversationItem(item: llm.ChatMessage): void {
    if (item.role === "assistant") this.#assistantMessages.push(item);
  }

  /**
   * A stage switched provider (failover, named "provider" or "provider/model" as in the
   * failover records): usage that cannot be matched by model goes there from now on.
   */
  noteFailover(stage: Stage, to: string): void {
    const index = this.#targets[stage].findIndex((t) => t.provider === to || `${t.provider}/${t.model}` === to);
    if (index >= 0) this.#active[stage] = index;
  }

  addMetrics(m: AgentMetrics): void {
    switch (m.type) {
      case "eou_metrics": {
        if (!m.speechId) return;
        this.#turn(m.speechId).eou = {
          transcriptionDelayMs: m.transcriptionDelayMs,
          endOfUtteranceDelayMs: m.endOfUtteranceDelayMs,
          lastSpeakingTimeMs: m.lastSpeakingTimeMs,
        };
        return;
      }
      case "llm_metrics": {
        const target = this.#targetIndex("llm", m.metadata?.modelName);
        const total = this.#llm.get(target) ?? { prompt: 0, completion: 0 };
        total.prompt += m.promptTokens;
        total.completion += m.completionTokens;
        this.#llm.set(target, total);
        if (!m.speechId) return;
        const turn = this.#turn(m.speechId);
        turn.promptTokens += m.promptTokens;
        turn.completionTokens += m.completionTokens;
        // The first LLM call of the turn is the one the caller waits for.
        if (turn.llmTtftMs === undefined && m.ttftMs >= 0) turn.llmTtftMs = m.ttftMs;
        return;
      }
      case "tts_metrics": {
        // The voice pipeline always synthesises through a stream. A non-streaming TTS runs
        // inside the framework's StreamAdapter, whose inner synthesize() reports the same text
        // again (streamed: false): counting both would double the characters.
        if (!m.streamed) return;
        const target = this.#targetIndex("tts", m.metadata?.modelName);
        this.#tts.set(target, (this.#tts.get(target) ?? 0) + m.charactersCount);
        if (!m.speechId) return;
        const turn = this.#turn(m.speechId);
        turn.ttsCharacters += m.charactersCount;
        if (turn.ttsTtfbMs === undefined && m.ttfbMs >= 0) turn.ttsTtfbMs = m.ttfbMs;
        return;
      }
      case "stt_metrics": {
        const target = this.#targetIndex("stt", m.metadata?.modelName);
        this.#stt.set(target, (this.#stt.get(target) ?? 0) + m.audioDurationMs);
        return;
      }
      default:
        return;
    }
  }

  /** One entry per agent speech that produced anything, in the order the speeches began. */
  timings(): TurnTiming[] {
    const result: TurnTiming[] = [];
    const spokenBySpeech = this.#spokenMetrics();
    for (const turn of this.#turns.values()) {
      const spoken = spokenBySpeech.get(turn.speechId) ?? {};
      const hasData =
        turn.eou || turn.llmTtftMs !== undefined || turn.ttsTtfbMs !== undefined || turn.ttsCharacters > 0 || spoken.startedSpeakingAt !== undefined;
      if (!hasData) continue;
      // lastSpeakingTimeMs is 0 when the end of speech was not detected: nothing to measure from.
      const userStoppedAt = turn.eou && turn.eou.lastSpeakingTimeMs > 0 ? turn.eou.lastSpeakingTimeMs : undefined;
      const agentStartedAt = spoken.startedSpeakingAt !== undefined ? spoken.startedSpeakingAt * 1000 : undefined;
      let total: number | null = null;
      if (spoken.e2eLatency !== undefined) total = round(spoken.e2eLatency * 1000);
      else if (userStoppedAt !== undefined && agentStartedAt !== undefined) total = round(agentStartedAt - userStoppedAt);
      const startedAt = userStoppedAt ?? agentStartedAt;
      result.push({
        turn: result.length,
        started_at: startedAt !== undefined ? new Date(startedAt).toISOString() : null,
        stt_final_latency_ms: userStoppedAt !== undefined ? round(turn.eou!.transcriptionDelayMs) : null,
        end_of_utterance_delay_ms: userStoppedAt !== undefined ? round(turn.eou!.endOfUtteranceDelayMs) : null,
        llm_ttft_ms: turn.llmTtftMs !== undefined ? round(turn.llmTtftMs) : null,
        tts_ttfb_ms: turn.ttsTtfbMs !== undefined ? round(turn.ttsTtfbMs) : null,
        total_latency_ms: total,
        llm_prompt_tokens: turn.promptTokens,
        llm_completion_tokens: turn.completionTokens,
        tts_characters: turn.ttsCharacters,
      });
    }
    return result;
  }

  /** Raw usage per provider (only providers that were used). */
  usage(): CallUsage {
    const at = (stage: Stage, index: number) => this.#targets[stage][index] ?? this.#targets[stage][0] ?? { provider: "unknown", model: null };
    return {
      stt: [...this.#stt].map(([i, ms]) => ({ ...at("stt", i), audio_seconds: Math.round(ms) / 1000 })),
      llm: [...this.#llm].map(([i, t]) => ({ ...at("llm", i), prompt_tokens: t.prompt, completion_tokens: t.completion })),
      tts: [...this.#tts].map(([i, chars]) => ({ ...at("tts", i), characters: chars })),
    };
  }

  // Each speech's assistant message metrics: the messages the speech lists, else the first
  // unclaimed assistant message that started speaking after the speech was created.
  #spokenMetrics(): Map<string, SpokenMetrics> {
    const result = new Map<string, SpokenMetrics>();
    const claimed = new Set<string>();
    const unlinked: TurnData[] = [];
    for (const turn of this.#turns.values()) {
      const messages = (turn.speech?.chatItems ?? []).filter(
        (i): i is llm.ChatMessage => i.type === "message" && i.role === "assistant",
      );
      messages.forEach((m) => claimed.add(m.id));
      if (messages.length) result.set(turn.speechId, spokenOf(messages));
      else if (turn.speech) unlinked.push(turn);
    }
    for (const turn of unlinked) {
      const message = this.#assistantMessages.find(
        (m) => !claimed.has(m.id) && m.metrics.startedSpeakingAt !== undefined && m.metrics.startedSpeakingAt * 1000 >= (turn.createdAt ?? 0) - 1,
      );
      if (!message) continue;
      claimed.add(message.id);
      result.set(turn.speechId, spokenOf([message]));
    }
    return result;
  }

  #turn(speechId: string): TurnData {
    let turn = this.#turns.get(speechId);
    if (!turn) {
      turn = { speechId, promptTokens: 0, completionTokens: 0, ttsCharacters: 0 };
      this.#turns.set(speechId, turn);
    }
    return turn;
  }

  // The configured provider whose model produced these metrics; else the stage's active one.
  #targetIndex(stage: Stage, modelName: string | undefined): number {
    const targets = this.#targets[stage];
    if (modelName) {
      const active = targets[this.#active[stage]];
      if (active?.model === modelName) return this.#active[stage];
      const index = targets.findIndex((t) => t.model === modelName);
      if (index >= 0) return index;
    }
    return this.#active[stage];
  }
}

// When the agent started speaking and the end-to-end latency the framework measured
// (both in seconds), from a speech's assistant message(s).
function spokenOf(messages: llm.ChatMessage[]): SpokenMetrics {
  const out: SpokenMetrics = {};
  for (const m of messages) {
    if (out.startedSpeakingAt === undefined && m.metrics.startedSpeakingAt !== undefined) out.startedSpeakingAt = m.metrics.startedSpeakingAt;
    if (out.e2eLatency === undefined && m.metrics.e2eLatency !== undefined) out.e2eLatency = m.metrics.e2eLatency;
  }
  return out;
}
