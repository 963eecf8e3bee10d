import { initializeLogger, type tts } from "@livekit/agents";
import * as elevenlabs from "@livekit/agents-plugin-elevenlabs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rms } from "./audio";
import { startFakeElevenLabs, type FakeElevenLabs } from "./fake-elevenlabs";
import { speechDurationMs } from "./fake-openai";

initializeLogger({ pretty: false, level: "fatal" });

let fake: FakeElevenLabs;
beforeAll(async () => {
  fake = await startFakeElevenLabs({ apiKey: "el-key", msPerChar: 50 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const seconds = (frames: { frame: { samplesPerChannel: number; sampleRate: number } }[]) =>
  frames.reduce((sum, f) => sum + f.frame.samplesPerChannel / f.frame.sampleRate, 0);

async function streamed(model: tts.TTS, text: string) {
  const stream = model.stream();
  stream.pushText(text);
  stream.flush();
  stream.endInput();
  const frames = [];
  for await (const ev of stream) {
    if (ev === elevenlabs.SynthesizeStream.END_OF_STREAM) break;
    frames.push(ev);
  }
  return frames;
}

describe("fake ElevenLabs against the real plugin", () => {
  it("speaks the multi-stream-input WebSocket: voice settings, model, text in, PCM and alignment out", async () => {
    const model = new elevenlabs.TTS({
      apiKey: "el-key",
      baseURL: fake.baseUrl,
      voiceId: "21m00Tcm4TlvDq8ikWAM",
      model: "eleven_flash_v2_5",
      voiceSettings: { stability: 0.4, similarity_boost: 0.8, style: 0.1, use_speaker_boost: true, speed: 1.1 },
    });
    try {
      const frames = await streamed(model, "Hello there. We open at nine.");
      expect(fake.contexts).toHaveLength(1);
      expect(fake.contexts[0]).toMatchObject({
        voiceId: "21m00Tcm4TlvDq8ikWAM",
        modelId: "eleven_flash_v2_5",
        outputFormat: "pcm_22050",
        voiceSettings: { stability: 0.4, similarity_boost: 0.8, style: 0.1, use_speaker_boost: true, speed: 1.1 },
        closed: true,
      });
      expect(fake.texts.join(" ")).toBe("Hello there. We open at nine.");
      expect(frames.every((f) => f.frame.sampleRate === 22_050)).toBe(true);
      // All the audio of every synthesised piece (50 ms a character, rounded up to 100 ms).
      const expected = fake.texts.reduce((sum, t) => sum + speechDurationMs(t, 50) / 1000, 0);
      expect(seconds(frames)).toBeCloseTo(expected, 2);
      expect(rms(frames[2]!.frame.data)).toBeGreaterThan(0.05);
    } finally {
      await model.close();
    }
  });

  it("answers the HTTP stream endpoint the plugin's synthesize() uses", async () => {
    const model = new elevenlabs.TTS({ apiKey: "el-key", baseURL: fake.baseUrl, voiceId: "v1", model: "eleven_turbo_v2_5" });
    const frames = [];
    for await (const ev of model.synthesize("Goodbye now.")) frames.push(ev);
    expect(fake.texts).toEqual(["Goodbye now."]);
    expect(seconds(frames)).toBeCloseTo(0.6, 2);
  });

  it("refuses a wrong key, so the plugin reports an error instead of audio", async () => {
    const model = new elevenlabs.TTS({ apiKey: "wrong", baseURL: fake.baseUrl, voiceId: "v1" });
    const errors: unknown[] = [];
    model.on("error", (ev) => errors.push(ev));
    try {
      expect(await streamed(model, "Hello.")).toEqual([]);
      expect(errors.length).toBeGreaterThan(0);
      expect(fake.contexts).toEqual([]);
    } finally {
      await model.close();
    }
  });
});
