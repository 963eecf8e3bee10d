// Provider failover in a real call: a LiveKit server, the agent worker as its own process,
// the provider fakes and a headless caller. The platform's LLM (the OpenAI fake) answers
// every chat request with a 500; the assistant's fallback, a second OpenAI-compatible fake,
// answers. The caller hears the fallback's reply and the `ended` report lists the switch.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallConfig } from "../../lib/contract/call-config";
import { concatPcm, silence, speechLike } from "../fakes/audio";
import { startFakeOpenAI, type FakeOpenAI } from "../fakes/fake-openai";
import type { Fakes } from "../fakes/start-fakes";
import { MIC_SAMPLE_RATE } from "./harness/caller";
import { FIRST_MESSAGE, makeCallConfig } from "./harness/fixtures";
import type { InternalApiStandIn } from "./harness/internal-api";
import { PLATFORM_KEYS, startWorkerStack, type WorkerStack } from "./harness/stack";

const AGENT = "switchboard-agent-failover-test";
const WORKER_SECRET = "worker-secret-for-failover-tests";
const FALLBACK_REPLY = "This is the backup model: we open at nine.";
const USER_UTTERANCE = "When do you open?";

let stack: WorkerStack;
let fakes: Fakes;
let backup: FakeOpenAI;
let api: InternalApiStandIn;

beforeAll(async () => {
  backup = await startFakeOpenAI({ defaultReply: FALLBACK_REPLY, apiKey: "org-vllm-key" });
  stack = await startWorkerStack({
    secret: WORKER_SECRET,
    livekitLogName: "livekit-failover.log",
    fakes: { openai: { defaultReply: "The primary should never be heard." }, deepgram: { defaultTranscript: USER_UTTERANCE, apiKey: "dg-test-key" } },
    workers: [{ agentName: AGENT, logName: "worker-failover.log", env: PLATFORM_KEYS }],
  });
  ({ fakes, api } = stack);
}, 90_000);

afterAll(async () => {
  await stack?.stop();
  await backup?.close();
}, 30_000);

describe("provider failover in a call", () => {
  it("answers from the fallback LLM when the primary fails, and reports the switch with the call", async () => {
    fakes.openai.failNext("chat", 1_000, 500);
    const roomName = `call-${randomUUID()}`;
    const base = makeCallConfig({ roomName, openaiUrl: fakes.openaiUrl, deepgramUrl: fakes.deepgramUrl });
    const config: CallConfig = {
      ...base,
      // The fallback is the organisation's own server, reached with the organisation's key.
      provider_keys: { "openai-compatible": { api_key: "org-vllm-key", base_url: undefined } },
      assistant: {
        ...base.assistant,
        llm_config: {
          ...base.assistant.llm_config,
          fallbacks: [{ provider: "openai-compatible", model: "llama3.1:8b", temperature: 0.1, max_tokens: 80, base_url: backup.baseUrl }],
        },
      },
    };
    const caller = await stack.placeCall(config, AGENT);

    await caller.waitForAgentAudio({ timeoutMs: 20_000 });
    await caller.waitForAgentQuiet({ quietMs: 600, timeoutMs: 15_000 });
    expect(fakes.openai.ttsTexts).toContain(FIRST_MESSAGE);

    const spoken = await caller.speak(concatPcm([silence(300, MIC_SAMPLE_RATE), speechLike(1000, MIC_SAMPLE_RATE), silence(200, MIC_SAMPLE_RATE)]));
    const request = await caller.waitFor(() => backup.requests.find((r) => r.messages.some((m) => m.role === "user" && m.content === USER_UTTERANCE)), 20_000, "the fallback LLM request");
    expect(request).toMatchObject({ model: "llama3.1:8b", temperature: 0.1, maxTokens: 80 });
    // The primary was tried first with the same conversation.
    expect(fakes.openai.requests.some((r) => r.messages.some((m) => m.content === USER_UTTERANCE))).toBe(true);
    await caller.waitFor(() => fakes.openai.ttsTexts.includes(FALLBACK_REPLY) || undefined, 10_000, "the fallback's reply to be synthesised");
    const repliedAt = await caller.waitForAgentAudio({ since: spoken.endedAt, timeoutMs: 10_000 });
    expect(repliedAt).toBeGreaterThan(spoken.endedAt);
    await caller.waitForAgentQuiet({ quietMs: 500, timeoutMs: 15_000 });

    await caller.leave();
    const ended = await api.waitForEvent(config.call.id, "ended", 20_000);
    expect(ended).toMatchObject({ status: "ended", end_reason: "user_hangup" });
    expect(ended.transcript.map((t) => t.content)).toContain(FALLBACK_REPLY);
    expect(ended.failovers).toEqual([
      { stage: "llm", from: "openai", to: "openai-compatible", at: expect.any(String), reason: expect.stringMatching(/500/) },
    ]);
    const at = Date.parse(ended.failovers![0]!.at);
    expect(at).toBeGreaterThanOrEqual(spoken.endedAt - 1_000);
    expect(at).toBeLessThanOrEqual(repliedAt);
  }, 90_000);
});
