// Turn-level behaviour: the agent built from an assistant config, run text-only with its
// LLM pointed at the loopback fake OpenAI server (deterministic replies).
import { initializeLogger, voice } from "@livekit/agents";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../tests/fakes/fake-openai";
import { FALLBACK_INSTRUCTIONS, SwitchboardAgent } from "./agent";
import type { LlmConfig } from "../lib/contract/call-config";
import { createLlm } from "./providers";

initializeLogger({ pretty: false, level: "error" });

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake.close();
});

function llmConfig(messages: LlmConfig["messages"]): LlmConfig {
  return { provider: "openai", model: "gpt-4o-mini", temperature: 0.3, max_tokens: 120, messages, tools: [], base_url: fake.baseUrl };
}

async function startSession(config: LlmConfig) {
  const session = new voice.AgentSession({
    // The fake plays the platform's OpenAI server (the platform key only goes to that URL).
    llm: createLlm(config, { OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: fake.baseUrl }),
    vad: null,
    turnHandling: { turnDetection: null },
  });
  await session.start({ agent: new SwitchboardAgent({ llm_config: config }) });
  return session;
}

describe("SwitchboardAgent turns", () => {
  it("sends the system prompt and the user's words to the LLM and answers with its reply", async () => {
    fake.reset();
    fake.queueReplies("We open at nine.");
    const config = llmConfig([
      { role: "system", content: "You are the front desk of a dental clinic." },
      { role: "system", content: "Never give medical advice." },
    ]);
    const session = await startSession(config);
    try {
      const result = session.run({ userInput: "When do you open?" });
      await result.wait();
      result.expect.nextEvent().isMessage({ role: "assistant" });
      result.expect.noMoreEvents();

      const request = fake.requests.at(-1);
      expect(request?.messages).toEqual([
        { role: "system", content: "You are the front desk of a dental clinic.\n\nNever give medical advice." },
        { role: "user", content: "When do you open?" },
      ]);
      expect(request?.temperature).toBe(0.3);
      expect(request?.maxTokens).toBe(120);
      const reply = session.history.items.findLast((i) => i.type === "message" && i.role === "assistant");
      expect(reply?.type === "message" && reply.textContent).toBe("We open at nine.");
    } finally {
      await session.close();
    }
  });

  it("keeps example turns from the prompt and carries the conversation across turns", async () => {
    fake.reset();
    fake.queueReplies("Hi! How can I help?", "Tuesday works.");
    const config = llmConfig([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Example question" },
      { role: "assistant", content: "Example answer" },
    ]);
    const session = await startSession(config);
    try {
      await session.run({ userInput: "Hello" }).wait();
      await session.run({ userInput: "Can I come Tuesday?" }).wait();
      const roles = fake.requests.at(-1)?.messages.map((m) => `${m.role}:${String(m.content)}`);
      expect(roles).toEqual([
        "system:Be brief.",
        "user:Example question",
        "assistant:Example answer",
        "user:Hello",
        "assistant:Hi! How can I help?",
        "user:Can I come Tuesday?",
      ]);
    } finally {
      await session.close();
    }
  });

  it("falls back to default instructions when the prompt has no system message", () => {
    const agent = new SwitchboardAgent({ llm_config: llmConfig([]) });
    expect(agent.instructions).toBe(FALLBACK_INSTRUCTIONS);
  });
});
