import { initializeLogger, llm } from "@livekit/agents";
import * as openai from "@livekit/agents-plugin-openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { int16FromBytes, rms } from "./audio";
import { OPENAI_TTS_SAMPLE_RATE, startFakeOpenAI, type FakeOpenAI } from "./fake-openai";

initializeLogger({ pretty: false, level: "warn" });

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ defaultReply: "Default reply." });
});
afterAll(async () => {
  await fake.close();
});

async function complete(model: llm.LLM, userText: string): Promise<string> {
  const chatCtx = llm.ChatContext.empty();
  chatCtx.addMessage({ role: "system", content: "You are a test." });
  chatCtx.addMessage({ role: "user", content: userText });
  let text = "";
  for await (const chunk of model.chat({ chatCtx })) text += chunk.delta?.content ?? "";
  return text;
}

async function synthesize(tts: openai.TTS, text: string) {
  const frames = [];
  for await (const ev of tts.synthesize(text)) frames.push(ev.frame);
  return frames;
}

describe("fake OpenAI chat completions", () => {
  it("answers conditional replies only to the requests they match, leaving others to the default", async () => {
    fake.reset();
    fake.queueReplies(
      { match: "bakery", content: "Bakery answer." },
      { match: "bakery", json: true, content: '{"ok":true}' },
    );
    const model = new openai.LLM({ model: "gpt-4o-mini", baseURL: fake.baseUrl, apiKey: "test-key" });
    expect(await complete(model, "something else")).toBe("Default reply.");
    expect(await complete(model, "the bakery hours")).toBe("Bakery answer.");
    // The JSON reply waits for a JSON-mode request, whatever comes before it.
    expect(await complete(model, "the bakery again")).toBe("Default reply.");
    const res = await fetch(`${fake.baseUrl}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer test-key" },
      body: JSON.stringify({ model: "gpt-4o-mini", response_format: { type: "json_object" }, messages: [{ role: "user", content: "bakery data" }] }),
    });
    const body = (await res.json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]?.message.content).toBe('{"ok":true}');
  });

  it("streams scripted replies in order, then the default reply", async () => {
    fake.reset();
    fake.queueReplies("First scripted reply.", "Second one.");
    const model = new openai.LLM({ model: "gpt-4o-mini", baseURL: fake.baseUrl, apiKey: "test-key" });

    expect(await complete(model, "one")).toBe("First scripted reply.");
    expect(await complete(model, "two")).toBe("Second one.");
    expect(await complete(model, "three")).toBe("Default reply.");

    expect(fake.requests).toHaveLength(3);
    expect(fake.requests[0]?.model).toBe("gpt-4o-mini");
    expect(fake.requests[0]?.stream).toBe(true);
    expect(fake.requests[0]?.messages).toEqual([
      { role: "system", content: "You are a test." },
      { role: "user", content: "one" },
    ]);
  });

  it("exposes the recorded requests over HTTP for other processes", async () => {
    fake.reset();
    const model = new openai.LLM({ model: "gpt-4o-mini", baseURL: fake.baseUrl, apiKey: "test-key" });
    await complete(model, "over http");
    const res = await fetch(`http://127.0.0.1:${fake.port}/__fake/requests`);
    const body = (await res.json()) as Array<{ messages: Array<{ content: string }> }>;
    expect(body.at(-1)?.messages.at(-1)?.content).toBe("over http");
  });

  it("lists models", async () => {
    const res = await fetch(`${fake.baseUrl}/models`, { headers: { authorization: "Bearer x" } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
  });
});

describe("fake OpenAI speech", () => {
  it("returns 24 kHz PCM whose length follows the text, with real energy", async () => {
    fake.reset();
    const tts = new openai.TTS({ baseURL: fake.baseUrl, apiKey: "test-key", model: "tts-1", voice: "alloy" });
    const short = "Hi there.";
    const long = "This sentence is a good deal longer than the first one was.";

    const shortFrames = await synthesize(tts, short);
    const longFrames = await synthesize(tts, long);
    const duration = (fr: typeof shortFrames) =>
      fr.reduce((ms, f) => ms + (f.samplesPerChannel / f.sampleRate) * 1000, 0);

    expect(shortFrames[0]?.sampleRate).toBe(OPENAI_TTS_SAMPLE_RATE);
    expect(shortFrames[0]?.channels).toBe(1);
    expect(duration(shortFrames)).toBeGreaterThanOrEqual(short.length * 60 - 100);
    expect(duration(longFrames)).toBeGreaterThanOrEqual(long.length * 60 - 100);
    expect(duration(longFrames) / duration(shortFrames)).toBeGreaterThan(4);

    const levels = longFrames.map((f) => rms(f.data));
    expect(Math.max(...levels)).toBeGreaterThan(0.05);

    expect(fake.ttsTexts).toEqual([short, long]);
    expect(fake.speechRequests[0]?.responseFormat).toBe("pcm");
    const overHttp = (await (await fetch(`http://127.0.0.1:${fake.port}/__fake/tts`)).json()) as string[];
    expect(overHttp).toEqual([short, long]);
  });

  it("serves raw little-endian PCM to plain HTTP clients too", async () => {
    const res = await fetch(`${fake.baseUrl}/audio/speech`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer x" },
      body: JSON.stringify({ input: "abc", model: "tts-1", voice: "alloy", response_format: "pcm" }),
    });
    const samples = int16FromBytes(new Uint8Array(await res.arrayBuffer()));
    expect(samples.length).toBe((OPENAI_TTS_SAMPLE_RATE * 200) / 1000);
  });
});
