// The shared chat completion against the loopback fake OpenAI server (its real wire format).
import { createServer } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../../tests/fakes/fake-openai";
import { findFreePort } from "../../scripts/lib/ports";
import { ChatCompletionError, completeChat } from "./complete-chat";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: "sk-test" });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

const llm = () => ({ baseUrl: `${fake.baseUrl}/`, apiKey: "sk-test", model: "draft-model" });
const messages = [
  { role: "system" as const, content: "Answer in JSON." },
  { role: "user" as const, content: "Hello" },
];

async function failure(promise: Promise<unknown>): Promise<ChatCompletionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChatCompletionError);
  return error as ChatCompletionError;
}

describe("completeChat", () => {
  it("posts one non-streaming completion with the model, temperature and JSON mode, and returns the message", async () => {
    fake.queueReplies('{"ok":true}');
    await expect(completeChat(llm(), messages, { json: true, temperature: 0.4 })).resolves.toBe('{"ok":true}');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ model: "draft-model", temperature: 0.4, stream: false, responseFormat: { type: "json_object" }, messages });
  });

  it("defaults to temperature 0 without JSON mode", async () => {
    fake.queueReplies("A summary.");
    await expect(completeChat(llm(), messages)).resolves.toBe("A summary.");
    expect(fake.requests[0]).toMatchObject({ temperature: 0, stream: false });
    expect(fake.requests[0]?.responseFormat).toBeUndefined();
  });

  it("names the status of a refused request, and the key on 401", async () => {
    fake.failNext("chat", 1, 500);
    const refused = await failure(completeChat(llm(), messages));
    expect(refused).toMatchObject({ reason: "rejected", status: 500, message: "The language model provider answered 500" });

    const badKey = await failure(completeChat({ ...llm(), apiKey: "sk-wrong" }, messages));
    expect(badKey).toMatchObject({ reason: "rejected", status: 401, message: "The language model provider answered 401 (check the API key)" });
  });

  it("refuses a customer-supplied loopback base URL when the outbound guard is on, without calling it", async () => {
    const error = await failure(completeChat({ ...llm(), allowPrivateNetworks: false }, messages));
    expect(error.reason).toBe("unreachable");
    expect(error.message).toBe(
      "The language model base URL is refused: Requests to 127.0.0.1 are blocked: it is a loopback address and this server does not call private networks",
    );
    expect(fake.requests).toHaveLength(0);
  });

  it("reports an unreachable provider", async () => {
    const closed = `http://127.0.0.1:${await findFreePort()}/v1`;
    const error = await failure(completeChat({ ...llm(), baseUrl: closed }, messages));
    expect(error).toMatchObject({ reason: "unreachable", message: "Could not reach the language model provider" });
  });

  it("reports an answer without a message (no choices, or a body that is not JSON)", async () => {
    const bodies = ['{"choices":[]}', "<html>gateway</html>"];
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(bodies.shift());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const address = server.address() as { port: number };
      const target = { ...llm(), baseUrl: `http://127.0.0.1:${address.port}/v1` };
      for (let i = 0; i < 2; i++) {
        expect(await failure(completeChat(target, messages))).toMatchObject({ reason: "empty", message: "The language model provider sent no message" });
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
