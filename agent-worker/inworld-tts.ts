// Inworld text-to-speech over its HTTP streaming API. There is no LiveKit plugin for
// @livekit/agents 1.9.0 (npm has @livekit/agents-plugin-inworld 1.2.8 only, which pins
// agents 1.2.8), so this is a small tts.TTS of our own. Wire format followed
// (docs.inworld.ai, "Synthesize speech stream"):
//   POST {base}/tts/v1/voice:stream
//   Authorization: Basic <the Base64 API key Inworld's portal shows>
//   { text, voiceId, modelId, audioConfig: { audioEncoding: "LINEAR16", sampleRateHertz, speakingRate? }, temperature? }
// The answer is newline-delimited JSON: `{"result":{"audioContent":"<base64>"}}` per chunk
// (LINEAR16 chunks are small WAV files: a 44-byte RIFF header, then PCM s16le mono), or
// `{"error":{"code","message"}}`. Text is sent per sentence (the session's StreamAdapter
// splits it), so one request per sentence keeps latency low.
import { APIConnectionError, APIStatusError, AudioByteStream, shortuuid, tts, type APIConnectOptions } from "@livekit/agents";

export const INWORLD_SAMPLE_RATE = 24_000;
export const INWORLD_PUBLIC_URL = "https://api.inworld.ai";

export interface InworldTtsOptions {
  apiKey: string;
  baseURL?: string;
  voiceId: string;
  model: string;
  /** 0.5–1.5; Inworld's speakingRate. */
  speed?: number;
  temperature?: number;
}

/** The PCM of one LINEAR16 chunk: the RIFF header (if any) removed. */
export function pcmOfChunk(chunk: Buffer): Buffer {
  if (chunk.length >= 44 && chunk.subarray(0, 4).toString("latin1") === "RIFF" && chunk.subarray(8, 12).toString("latin1") === "WAVE") {
    // Walk the chunks to "data" rather than assuming 44 bytes.
    let offset = 12;
    while (offset + 8 <= chunk.length) {
      const id = chunk.subarray(offset, offset + 4).toString("latin1");
      const size = chunk.readUInt32LE(offset + 4);
      if (id === "data") return chunk.subarray(offset + 8);
      offset += 8 + size + (size % 2);
    }
    return chunk.subarray(44);
  }
  return chunk;
}

export class InworldTTS extends tts.TTS {
  label = "inworld.TTS";
  readonly #opts: InworldTtsOptions;

  constructor(opts: InworldTtsOptions) {
    super(INWORLD_SAMPLE_RATE, 1, { streaming: false });
    this.#opts = { ...opts, baseURL: (opts.baseURL ?? INWORLD_PUBLIC_URL).replace(/\/+$/, "") };
  }

  get model(): string {
    return this.#opts.model;
  }

  get provider(): string {
    return "inworld";
  }

  synthesize(text: string, connOptions?: APIConnectOptions, abortSignal?: AbortSignal): tts.ChunkedStream {
    return new InworldChunkedStream(this, text, this.#opts, connOptions, abortSignal);
  }

  stream(): tts.SynthesizeStream {
    throw new Error("Inworld TTS synthesises per sentence; wrap it in tts.StreamAdapter");
  }
}

class InworldChunkedStream extends tts.ChunkedStream {
  label = "inworld.ChunkedStream";
  readonly #opts: InworldTtsOptions;

  constructor(owner: InworldTTS, text: string, opts: InworldTtsOptions, connOptions?: APIConnectOptions, abortSignal?: AbortSignal) {
    super(text, owner, connOptions, abortSignal);
    this.#opts = opts;
    // The base class starts mainTask without awaiting it. A failure has already been reported
    // through the TTS's error event (and shows as a stream without audio) by the time it is
    // thrown, so keep it from also becoming an unhandled rejection.
    const self = this as unknown as { mainTask: () => Promise<void> };
    const mainTask = self.mainTask.bind(this);
    self.mainTask = () => mainTask().catch(() => undefined);
  }

  protected async run(): Promise<void> {
    const requestId = shortuuid();
    const bytes = new AudioByteStream(INWORLD_SAMPLE_RATE, 1);
    let response: Response;
    try {
      response = await fetch(`${this.#opts.baseURL}/tts/v1/voice:stream`, {
        method: "POST",
        headers: { authorization: `Basic ${this.#opts.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({
          text: this.inputText,
          voiceId: this.#opts.voiceId,
          modelId: this.#opts.model,
          audioConfig: {
            audioEncoding: "LINEAR16",
            sampleRateHertz: INWORLD_SAMPLE_RATE,
            ...(this.#opts.speed !== undefined ? { speakingRate: this.#opts.speed } : {}),
          },
          ...(this.#opts.temperature !== undefined ? { temperature: this.#opts.temperature } : {}),
        }),
        signal: this.abortSignal,
      });
    } catch (error) {
      if (error instanceof Error && error.name === "AbortError") return;
      throw new APIConnectionError({ message: `Inworld connection failed: ${error instanceof Error ? error.message : String(error)}` });
    }
    if (!response.ok || !response.body) {
      const body = await response.text().catch(() => "");
      throw new APIStatusError({ message: `Inworld TTS error: ${body.slice(0, 300)}`, options: { statusCode: response.status, body: null } });
    }

    let last: ReturnType<AudioByteStream["write"]>[number] | undefined;
    const emit = (frames: ReturnType<AudioByteStream["write"]>) => {
      for (const frame of frames) {
        if (last) this.queue.put({ requestId, segmentId: requestId, frame: last, final: false });
        last = frame;
      }
    };
    const decoder = new TextDecoder();
    let pending = "";
    const handleLine = (line: string) => {
      if (!line.trim()) return;
      const message = JSON.parse(line) as { result?: { audioContent?: string }; error?: { code?: number; message?: string } };
      if (message.error) {
        throw new APIStatusError({ message: `Inworld TTS error: ${message.error.message ?? "unknown"}`, options: { statusCode: response.status, body: null } });
      }
      const audio = message.result?.audioContent;
      if (audio) {
        const pcm = pcmOfChunk(Buffer.from(audio, "base64"));
        emit(bytes.write(pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.byteLength) as ArrayBuffer));
      }
    };
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        pending += decoder.decode(chunk, { stream: true });
        let newline: number;
        while ((newline = pending.indexOf("\n")) >= 0) {
          handleLine(pending.slice(0, newline));
          pending = pending.slice(newline + 1);
        }
      }
      handleLine(pending + decoder.decode());
    } catch (error) {
      if (error instanceof Error && error.name === "AbortError") return;
      if (error instanceof APIStatusError) throw error;
      throw new APIConnectionError({ message: `Inworld stream failed: ${error instanceof Error ? error.message : String(error)}` });
    }
    emit(bytes.flush());
    if (!last) throw new APIStatusError({ message: "Inworld returned no audio", options: { statusCode: response.status, body: null } });
    this.queue.put({ requestId, segmentId: requestId, frame: last, final: true });
  }
}
