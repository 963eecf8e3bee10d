import { llm, type metrics } from "@livekit/agents";
import { describe, expect, it } from "vitest";
import { CallMetricsCollector, type UsageTargets } from "./metrics";

// Metric objects as the framework emits them during a call (shapes of @livekit/agents 1.9.0:
// llm_metrics/tts_metrics tagged with the speech id, eou_metrics per user turn, stt usage
// reported periodically without a speech).
const T0 = Date.parse("2026-03-01T10:00:00.000Z");
const targets: UsageTargets = {
  stt: [{ provider: "deepgram", model: "nova-3" }],
  llm: [
    { provider: "openai", model: "gpt-4o-mini" },
    { provider: "mistral", model: "mistral-small-latest" },
  ],
  tts: [{ provider: "openai", model: "tts-1" }],
};

const ttsMetrics = (speechId: string, ttfbMs: number, chars: number, model = "tts-1", streamed = true): metrics.TTSMetrics => ({
  type: "tts_metrics",
  label: "livekit.plugins.openai.TTS",
  requestId: `req-${speechId}`,
  timestamp: T0,
  ttfbMs,
  durationMs: ttfbMs + 300,
  audioDurationMs: 2100,
  cancelled: false,
  charactersCount: chars,
  streamed,
  speechId,
  metadata: { modelProvider: "api.openai.com", modelName: model },
});
const llmMetrics = (speechId: string | undefined, ttftMs: number, prompt: number, completion: number, model = "gpt-4o-mini"): metrics.LLMMetrics => ({
  type: "llm_metrics",
  label: "livekit.plugins.openai.LLM",
  requestId: "chatcmpl-1",
  timestamp: T0,
  durationMs: ttftMs + 120,
  ttftMs,
  cancelled: false,
  completionTokens: completion,
  promptTokens: prompt,
  promptCachedTokens: 0,
  totalTokens: prompt + completion,
  tokensPerSecond: 40,
  ...(speechId ? { speechId } : {}),
  metadata: { modelProvider: "api.openai.com", modelName: model },
});
const eouMetrics = (speechId: string, stoppedAt: number, transcriptionDelayMs: number, eouDelayMs: number): metrics.EOUMetrics => ({
  type: "eou_metrics",
  timestamp: stoppedAt + eouDelayMs,
  endOfUtteranceDelayMs: eouDelayMs,
  transcriptionDelayMs,
  onUserTurnCompletedDelayMs: 0.4,
  lastSpeakingTimeMs: stoppedAt,
  speechId,
});
const sttMetrics = (audioDurationMs: number): metrics.STTMetrics => ({
  type: "stt_metrics",
  label: "livekit.plugins.deepgram.STT",
  requestId: "dg-1",
  timestamp: T0,
  durationMs: 0,
  audioDurationMs,
  streamed: true,
  metadata: { modelProvider: "Deepgram", modelName: "nova-3" },
});
const assistantMessage = (text: string, report: llm.MetricsReport) =>
  llm.ChatMessage.create({ role: "assistant", content: text, metrics: report });

describe("CallMetricsCollector", () => {
  it("builds one timing per agent speech: the greeting, then each reply with its user-side latencies", () => {
    const c = new CallMetricsCollector(targets);
    // Greeting (session.say): TTS only; the agent started speaking at T0 + 0.9 s. say() does
    // not list its message on the speech handle: it is found among the conversation items.
    c.addSpeech({ id: "speech_greet", chatItems: [] }, T0 + 10);
    c.addMetrics(ttsMetrics("speech_greet", 310, 42));
    // The StreamAdapter's inner synthesize() reports the same greeting again: not counted twice.
    c.addMetrics(ttsMetrics("speech_greet", 290, 42, "tts-1", false));
    // The caller's question, stopped speaking at T0 + 5 s; reply with two LLM steps (tool call, then answer).
    const reply = { id: "speech_reply", chatItems: [] as llm.ChatItem[] };
    c.addConversationItem(assistantMessage("Hello", { ttsNodeTtfb: 0.31, startedSpeakingAt: (T0 + 900) / 1000 }));
    c.addSpeech(reply, T0 + 4000);
    c.addMetrics(eouMetrics("speech_reply", T0 + 5000, 180.6, 520.2));
    c.addMetrics(llmMetrics("speech_reply", 240, 300, 12));
    c.addMetrics(llmMetrics("speech_reply", 190, 340, 20));
    c.addMetrics(ttsMetrics("speech_reply", 150, 48));
    const answer = assistantMessage("We are open", { llmNodeTtft: 0.24, ttsNodeTtfb: 0.15, startedSpeakingAt: (T0 + 6100) / 1000, e2eLatency: 1.1 });
    reply.chatItems.push(answer);
    c.addConversationItem(answer);
    c.addMetrics(sttMetrics(5000));
    c.addMetrics(sttMetrics(2500));

    expect(c.timings()).toEqual([
      {
        turn: 0,
        started_at: "2026-03-01T10:00:00.900Z",
        stt_final_latency_ms: null,
        end_of_utterance_delay_ms: null,
        llm_ttft_ms: null,
        tts_ttfb_ms: 310,
        total_latency_ms: null,
        llm_prompt_tokens: 0,
        llm_completion_tokens: 0,
        tts_characters: 42,
      },
      {
        turn: 1,
        started_at: "2026-03-01T10:00:05.000Z",
        stt_final_latency_ms: 181,
        end_of_utterance_delay_ms: 520,
        llm_ttft_ms: 240,
        tts_ttfb_ms: 150,
        total_latency_ms: 1100,
        llm_prompt_tokens: 640,
        llm_completion_tokens: 32,
        tts_characters: 48,
      },
    ]);
    expect(c.usage()).toEqual({
      stt: [{ provider: "deepgram", model: "nova-3", audio_seconds: 7.5 }],
      llm: [{ provider: "openai", model: "gpt-4o-mini", prompt_tokens: 640, completion_tokens: 32 }],
      tts: [{ provider: "openai", model: "tts-1", characters: 90 }],
    });
  });

  it("measures total latency from end of speech to agent speech when the message has no e2e figure", () => {
    const c = new CallMetricsCollector(targets);
    c.addMetrics(eouMetrics("s1", T0, 100, 400));
    c.addSpeech({ id: "s1", chatItems: [assistantMessage("Hi", { startedSpeakingAt: (T0 + 1234) / 1000 })] });
    expect(c.timings()[0]).toMatchObject({ total_latency_ms: 1234, stt_final_latency_ms: 100, end_of_utterance_delay_ms: 400 });
  });

  it("leaves user-side latencies null when the end of speech was not detected, and skips empty speeches", () => {
    const c = new CallMetricsCollector(targets);
    c.addSpeech({ id: "never-spoke", chatItems: [] });
    c.addMetrics(eouMetrics("s2", 0, 0, 0));
    c.addMetrics(llmMetrics("s2", -1, 10, 0));
    const timings = c.timings();
    expect(timings).toHaveLength(1);
    expect(timings[0]).toMatchObject({ turn: 0, started_at: null, stt_final_latency_ms: null, end_of_utterance_delay_ms: null, llm_ttft_ms: null, total_latency_ms: null, llm_prompt_tokens: 10 });
  });

  it("attributes usage to the provider whose model produced it, and after a failover to the new provider", () => {
    const c = new CallMetricsCollector(targets);
    c.addMetrics(llmMetrics(undefined, 200, 100, 10));
    c.addMetrics(llmMetrics(undefined, 200, 50, 5, "mistral-small-latest"));
    c.noteFailover("tts", "elevenlabs"); // not a configured fallback: stays on the primary
    c.addMetrics(ttsMetrics("x", 100, 10, "unknown-model"));
    expect(c.usage().llm).toEqual([
      { provider: "openai", model: "gpt-4o-mini", prompt_tokens: 100, completion_tokens: 10 },
      { provider: "mistral", model: "mistral-small-latest", prompt_tokens: 50, completion_tokens: 5 },
    ]);
    expect(c.usage().tts).toEqual([{ provider: "openai", model: "tts-1", characters: 10 }]);

    const d = new CallMetricsCollector({ ...targets, llm: [{ provider: "openai", model: "gpt-4o-mini" }, { provider: "openai-compatible", model: "gpt-4o-mini" }] });
    d.addMetrics(llmMetrics(undefined, 200, 1, 1));
    d.noteFailover("llm", "openai-compatible/gpt-4o-mini");
    d.addMetrics(llmMetrics(undefined, 200, 2, 2));
    expect(d.usage().llm).toEqual([
      { provider: "openai", model: "gpt-4o-mini", prompt_tokens: 1, completion_tokens: 1 },
      { provider: "openai-compatible", model: "gpt-4o-mini", prompt_tokens: 2, completion_tokens: 2 },
    ]);
  });

  it("reports no usage for a call that used nothing", () => {
    expect(new CallMetricsCollector(targets).usage()).toEqual({ stt: [], llm: [], tts: [] });
    expect(new CallMetricsCollector(targets).timings()).toEqual([]);
  });
});
