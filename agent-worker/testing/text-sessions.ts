// Test-file setup for text-only conversations: one loopback fake OpenAI server for the file,
// and after each test the conversation closed and the fake's script and requests cleared.
// Call `useTextSessions()` at the top level of a test file.
import { initializeLogger } from "@livekit/agents";
import { afterAll, afterEach, beforeAll } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../../tests/fakes/fake-openai";
import { callConfigFor, startConversation, type Conversation } from "./conversation";

export interface TextSessions {
  /** The fake OpenAI server (available from beforeAll on). */
  readonly fake: FakeOpenAI;
  /** Starts the test's conversation on a call config pointed at the fake; closed after the test. */
  start(opts?: { assistant?: Record<string, unknown>; call?: Record<string, unknown> }): Promise<Conversation>;
}

export function useTextSessions(): TextSessions {
  initializeLogger({ pretty: false, level: "error" });
  let fake: FakeOpenAI | undefined;
  let conversation: Conversation | undefined;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(async () => {
    await fake?.close();
  });
  afterEach(async () => {
    await conversation?.close();
    conversation = undefined;
    fake?.reset();
  });
  const started = () => {
    if (!fake) throw new Error("useTextSessions: the fake OpenAI server starts in beforeAll");
    return fake;
  };
  return {
    get fake() {
      return started();
    },
    async start(opts = {}) {
      const { baseUrl } = started();
      conversation = await startConversation(callConfigFor({ openaiUrl: baseUrl, ...opts }), { openaiUrl: baseUrl });
      return conversation;
    },
  };
}

/** What the assistant said, in order. */
export const assistantTexts = (c: Conversation) =>
  c.session.history.items.flatMap((i) => (i.type === "message" && i.role === "assistant" && i.textContent ? [i.textContent] : []));
