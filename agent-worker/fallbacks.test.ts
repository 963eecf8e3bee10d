// Failover at the level of turns and utterances: real plugins against loopback fakes that
// speak the providers' wire formats, the primary scripted to fail, the fallback answering.
import { AudioFrame } from "@livekit/rtc-node";
import { initializeLogger, llm as llmNs, voice, type llm as llmTypes, type stt as sttTypes, type tts as ttsTypes } from "@livekit/agents";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { speechLike } from "../tests/fakes/audio";
import { startFakeInworld, type FakeInworld } from "../tests/fakes/fake-inworld";
import { startFakeOpenAI, type FakeOpenAI } from "../tests/fakes/fake-openai";
import type { LlmConfig, SttConfig, TtsConfig } from "../lib/contract/call-config";
import { createProviders } from "./fallbacks";
import type { ProviderEnv } from "./providers";
import { llmConfig, sttConfig, ttsConfig } from "./testing/provider-configs";

initializeLogger({ pretty: false, level: "fatal" });

let primary: FakeOpenAI;
let backup: FakeOpenAI;
let inworld: FakeInworld;

beforeAll(async () => {
  [primary, backup, inworld] = await Promise.all([
    startFakeOpenAI({ defaultReply: "Primary answering.", apiKey: "platform-key" }),
    startFakeOpenAI({ defaultReply: "The backup model says we open at nine.", defaultTranscript: "backup heard you" }),
    startFakeInworld({ apiKey: "iw-key" }),
  ]);
});
afterAll(async () => {
  await Promise.all([primary.close(), backup.close(), inworld.close()]);
});
beforeEach(() => {
  primary.reset();
  backup.reset();
  inworld.reset();
});

// The primary fake plays the platform's OpenAI endpoint; the backup is a tenant's own server.
const env = (): ProviderEnv => ({
  OPENAI_API_KEY: "platform-key",
  OPENAI_BASE_URL: primary.baseUrl,
  DEEPGRAM_API_KEY: "dg",
  ELEVEN_API_KEY: undefined,
  MISTRAL_API_KEY: undefined,
  XAI_API_KEY: undefined,
  OPENAI_COMPATIBLE_API_KEY: undefined,
  DEEPGRAM_BASE_URL: undefined,
  ELEVENLABS_BASE_URL: undefined,
  INWORLD_API_KEY: "iw-key",
  INWORLD_BASE_URL: inworld.baseUrl,
});

const stt = sttConfig();
const llm = llmConfig({
  temperature: 0.4,
  max_tokens: 100,
  tools: [],
  fallbacks: [{ provider: "openai-compatible", model: "llama3.1:8b", temperature: 0.2, max_tokens: 50, base_url: undefined }],
});
const tts = ttsConfig({ model: "tts-1" });
const stubVad = { capabilities: { updateInterval: 0.1 } } as never;

function build(over: { stt?: SttConfig; llm?: LlmConfig; tts?: TtsConfig } = {}) {
  return createProviders(
    {
      stt_config: over.stt ?? stt,
      llm_config: { ...(over.llm ?? llm), fallbacks: (over.llm ?? llm).fallbacks?.map((f) => ({ ...f, base_url: f.base_url ?? backup.baseUrl })) },
      tts_config: over.tts ?? tts,
    },
    env(),
    null,
    { vad: stubVad, tuning: { ttsMaxRetry: 0, llmAttemptTimeoutSeconds: 5 } },
  );
}

async function answer(model: llmTypes.LLM, userText: string) {
  const session = new voice.AgentSession({ llm: model, vad: null, turnHandling: { turnDetection: null } });
  await session.start({ agent: new voice.Agent({ instructions: "You are the front desk." }) });
  try {
    const result = session.run({ userInput: userText });
    await result.wait();
    result.expect.nextEvent().isMessage({ role: "assistant" });
    const reply = session.history.items.findLast((i) => i.type === "message" && i.role === "assistant");
    return reply?.type === "message" ? reply.textContent : undefined;
  } finally {
    await session.close();
  }
}

describe("LLM failover", () => {
  it("answers the turn from the fallback when the primary fails, and records the switch", async () => {
    primary.failNext("chat", 100, 500);
    const providers = build();

    expect(await answer(providers.llm, "When do you open?")).toBe("The backup model says we open at nine.");

    // The primary was asked first, then the fallback with the same conversation and its own settings.
    expect(primary.requests[0]?.messages.at(-1)).toEqual({ role: "user", content: "When do you open?" });
    const fallbackRequest = backup.requests[0];
    expect(fallbackRequest).toMatchObject({ model: "llama3.1:8b", temperature: 0.2, maxTokens: 50 });
    expect(fallbackRequest?.messages).toEqual(primary.requests[0]?.messages);

    expect(providers.failovers.entries).toHaveLength(1);
    const [failover] = providers.failovers.entries;
    expect(failover).toMatchObject({ stage: "llm", from: "openai", to: "openai-compatible" });
    expect(failover?.reason).toMatch(/500/);
    expect(Date.parse(failover!.at)).toBeGreaterThan(Date.now() - 30_000);
  }, 30_000);

  it("records nothing when the primary answers", async () => {
    const providers = build();
    expect(await answer(providers.llm, "Hello?")).toBe("Primary answering.");
    expect(backup.requests).toHaveLength(0);
    expect(providers.failovers.entries).toEqual([]);
  }, 30_000);

  it("fails the stage when every provider fails, without a failover to nowhere", async () => {
    primary.failNext("chat", 100, 500);
    backup.failNext("chat", 100, 503);
    const providers = build();
    const errors: { error: Error; recoverable: boolean }[] = [];
    providers.llm.on("error", (ev) => errors.push(ev as never));
    // The session ends the call on this unrecoverable error of the stage (provider_error).
    const stream = providers.llm.chat({ chatCtx: llmNs.ChatContext.empty() });
    for await (const chunk of stream) expect.fail(`no chunk expected, got ${JSON.stringify(chunk)}`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ recoverable: false });
    expect(errors[0]?.error.message).toMatch(/all LLMs failed/);
    expect(backup.requests).toHaveLength(1);
    expect(providers.failovers.entries.map((f) => [f.from, f.to])).toEqual([["openai", "openai-compatible"]]);
  }, 30_000);
});

describe("STT failover", () => {
  it("transcribes with the fallback when the primary's transcription endpoint fails", async () => {
    primary.failNext("transcription", 100, 500);
    const providers = build({
      stt: { ...stt, provider: "openai", model: "whisper-1", fallbacks: [{ ...stt, provider: "openai-compatible", model: "Systran/faster-whisper-small", base_url: backup.baseUrl }] },
    });
    const samples = speechLike(800, 16_000);
    const frame = new AudioFrame(samples, 16_000, 1, samples.length);
    const event = await (providers.stt as sttTypes.STT).recognize(frame);
    expect(event.alternatives?.[0]?.text).toBe("backup heard you");
    expect(primary.transcriptionRequests[0]).toMatchObject({ model: "whisper-1", language: "en" });
    expect(backup.transcriptionRequests[0]?.audioBytes).toBeGreaterThan(samples.length * 2);
    expect(providers.failovers.entries).toEqual([expect.objectContaining({ stage: "stt", from: "openai", to: "openai-compatible" })]);
  }, 30_000);
});

describe("TTS failover", () => {
  async function synthesize(model: ttsTypes.TTS, text: string) {
    const frames: AudioFrame[] = [];
    for await (const ev of model.synthesize(text)) frames.push(ev.frame);
    return frames;
  }

  it("speaks with the fallback (Inworld) when the primary fails, without ending the session", async () => {
    const providers = build({ tts: { ...tts, provider: "inworld", voice_id: "Dennis", model: "inworld-tts-1.5-mini", fallbacks: [{ ...tts, provider: "openai", model: "tts-1", voice_id: "alloy" }] } });
    // Inworld first, failing; then the OpenAI fake.
    inworld.failNext(100, 503);
    const sessionErrors: unknown[] = [];
    providers.tts.on("error", (ev) => sessionErrors.push(ev));

    const frames = await synthesize(providers.tts, "Thanks for calling.");
    const seconds = frames.reduce((sum, f) => sum + f.samplesPerChannel / f.sampleRate, 0);
    expect(seconds).toBeGreaterThan(0.5);
    expect(inworld.requests[0]).toMatchObject({ text: "Thanks for calling.", voiceId: "Dennis", modelId: "inworld-tts-1.5-mini", audioEncoding: "LINEAR16" });
    expect(primary.speechRequests.at(-1)?.input).toBe("Thanks for calling.");
    expect(providers.failovers.entries).toEqual([expect.objectContaining({ stage: "tts", from: "inworld", to: "openai", reason: expect.stringMatching(/503/) })]);
    // The member's error stayed with the adapter: nothing the session would end the call on.
    expect(sessionErrors).toEqual([]);
  }, 30_000);
});
