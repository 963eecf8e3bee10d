import { initializeLogger, type tts } from "@livekit/agents";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { int16FromBytes, rms, speechLike, toBytes } from "../tests/fakes/audio";
import { startFakeInworld, wavChunk, type FakeInworld } from "../tests/fakes/fake-inworld";
import { INWORLD_SAMPLE_RATE, InworldTTS, pcmOfChunk } from "./inworld-tts";

initializeLogger({ pretty: false, level: "fatal" });

let fake: FakeInworld;
beforeAll(async () => {
  fake = await startFakeInworld({ apiKey: "aW53b3JsZDprZXk=", msPerChar: 50, chunks: 4 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

async function synthesize(model: tts.TTS, text: string) {
  const frames = [];
  for await (const ev of model.synthesize(text)) frames.push(ev);
  return frames;
}

describe("InworldTTS against the Inworld wire format", () => {
  it("streams LINEAR16 at 24 kHz and turns the WAV chunks into continuous PCM frames", async () => {
    const model = new InworldTTS({ apiKey: "aW53b3JsZDprZXk=", baseURL: `${fake.baseUrl}/`, voiceId: "Olivia", model: "inworld-tts-1.5-max", speed: 1.2 });
    const events = await synthesize(model, "Your appointment is at three.");

    expect(fake.requests).toEqual([
      expect.objectContaining({
        text: "Your appointment is at three.",
        voiceId: "Olivia",
        modelId: "inworld-tts-1.5-max",
        audioEncoding: "LINEAR16",
        sampleRateHertz: INWORLD_SAMPLE_RATE,
        speakingRate: 1.2,
        streamed: true,
      }),
    ]);
    const samples = events.reduce((n, e) => n + e.frame.samplesPerChannel, 0);
    // 29 characters at 50 ms each, rounded up to whole 100 ms: 1.5 s, all of it, headers excluded.
    expect(samples).toBe(1.5 * INWORLD_SAMPLE_RATE);
    expect(events.every((e) => e.frame.sampleRate === INWORLD_SAMPLE_RATE && e.frame.channels === 1)).toBe(true);
    expect(events.at(-1)?.final).toBe(true);
    expect(events.filter((e) => e.final)).toHaveLength(1);
    expect(rms(events[1]!.frame.data)).toBeGreaterThan(0.05);
  });

  it("reports a rejected key as an error and produces no audio", async () => {
    const model = new InworldTTS({ apiKey: "wrong", baseURL: fake.baseUrl, voiceId: "Ashley", model: "inworld-tts-1.5-mini" });
    const errors: { error: Error }[] = [];
    model.on("error", (ev) => errors.push(ev as never));
    expect(await synthesize(model, "Hello.")).toEqual([]);
    expect(errors[0]?.error.message).toMatch(/invalid credentials/);
    expect((errors[0]?.error as { statusCode?: number }).statusCode).toBe(401);
  });

  it("strips the RIFF header of a chunk and leaves raw PCM alone", () => {
    const pcm = toBytes(speechLike(100, 24_000));
    expect(Buffer.compare(pcmOfChunk(wavChunk(pcm, 24_000)), pcm)).toBe(0);
    expect(Buffer.compare(pcmOfChunk(pcm), pcm)).toBe(0);
    expect(int16FromBytes(pcmOfChunk(wavChunk(pcm, 24_000))).length).toBe(2400);
  });
});
