import { DEFAULT_API_CONNECT_OPTIONS, initializeLogger, stt } from "@livekit/agents";
import * as deepgram from "@livekit/agents-plugin-deepgram";
import { AudioFrame } from "@livekit/rtc-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { concatPcm, frames, silence, speechLike } from "./audio";
import { startFakeDeepgram, type FakeDeepgram } from "./fake-deepgram";

initializeLogger({ pretty: false, level: "warn" });

const RATE = 16_000;
let fake: FakeDeepgram;

beforeAll(async () => {
  fake = await startFakeDeepgram({ apiKey: "dg-test-key" });
});
afterAll(async () => {
  await fake.close();
});

/** Pushes PCM through a real deepgram.STT stream and returns every speech event. */
async function transcribe(pcm: Int16Array, apiKey = "dg-test-key"): Promise<stt.SpeechEvent[]> {
  const model = new deepgram.STT({ apiKey, baseUrl: fake.baseUrl, model: "nova-3", language: "en" });
  const errors: unknown[] = [];
  model.on("error", (e) => errors.push(e));
  const stream = model.stream({ connOptions: { ...DEFAULT_API_CONNECT_OPTIONS, maxRetry: 0 } });
  const events: stt.SpeechEvent[] = [];
  const reading = (async () => {
    for await (const ev of stream) events.push(ev);
  })();
  for (const frame of frames(pcm, RATE / 50)) {
    stream.pushFrame(new AudioFrame(frame, RATE, 1, frame.length));
  }
  // Let the audio reach the fake before ending the input.
  await new Promise((r) => setTimeout(r, 300));
  stream.endInput();
  await Promise.race([reading, new Promise((r) => setTimeout(r, 5000))]);
  stream.close();
  if (errors.length) throw new Error(`STT errors: ${JSON.stringify(errors)}`);
  return events;
}

describe("fake Deepgram live transcription", () => {
  it("turns a burst of speech into interim results and one scripted final transcript", async () => {
    fake.reset();
    fake.queueUtterances("What are your opening hours today?");
    const events = await transcribe(concatPcm([silence(500, RATE), speechLike(1000, RATE), silence(800, RATE)]));

    const types = events.map((e) => e.type);
    expect(types).toContain(stt.SpeechEventType.START_OF_SPEECH);
    expect(types).toContain(stt.SpeechEventType.INTERIM_TRANSCRIPT);
    const finals = events.filter((e) => e.type === stt.SpeechEventType.FINAL_TRANSCRIPT);
    expect(finals).toHaveLength(1);
    expect(finals[0]?.alternatives?.[0]?.text).toBe("What are your opening hours today?");
    expect(types.indexOf(stt.SpeechEventType.END_OF_SPEECH)).toBeGreaterThan(
      types.indexOf(stt.SpeechEventType.FINAL_TRANSCRIPT),
    );

    expect(fake.transcripts.map((t) => t.transcript)).toEqual(["What are your opening hours today?"]);
    expect(fake.transcripts[0]?.speechMs).toBeGreaterThanOrEqual(800);
    const session = fake.sessions[0];
    expect(session?.query).toMatchObject({ encoding: "linear16", sample_rate: "16000", model: "nova-3", language: "en" });
    const overHttp = (await (await fetch(`${fake.httpUrl}/__fake/transcripts`)).json()) as Array<{ transcript: string }>;
    expect(overHttp.map((t) => t.transcript)).toEqual(["What are your opening hours today?"]);
  });

  it("falls back to the default transcript when nothing is scripted", async () => {
    fake.reset();
    fake.setDefaultTranscript("Default words.");
    const events = await transcribe(concatPcm([speechLike(600, RATE), silence(700, RATE)]));
    const finals = events.filter((e) => e.type === stt.SpeechEventType.FINAL_TRANSCRIPT);
    expect(finals.map((e) => e.alternatives?.[0]?.text)).toEqual(["Default words."]);
  });

  it("produces nothing for pure silence", async () => {
    fake.reset();
    const events = await transcribe(silence(2000, RATE));
    const spoken = events.filter((e) => e.type !== stt.SpeechEventType.RECOGNITION_USAGE);
    expect(spoken).toEqual([]);
    expect(fake.transcripts).toEqual([]);
  });

  it("rejects a wrong API key with 401", async () => {
    await expect(transcribe(speechLike(300, RATE), "wrong-key")).rejects.toThrow(/401/);
  });
});

describe("fake Deepgram REST", () => {
  it("lists projects for the right token and answers 401 INVALID_AUTH otherwise, like Deepgram", async () => {
    const projects = (token: string | undefined) =>
      fetch(`${fake.httpUrl}/v1/projects`, { headers: token === undefined ? {} : { authorization: token } });
    const ok = await projects("Token dg-test-key");
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { projects: unknown[] }).projects).toHaveLength(1);
    for (const token of ["Token wrong-key", "Bearer dg-test-key", undefined]) {
      const res = await projects(token);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ err_code: "INVALID_AUTH" });
    }
  });
});
