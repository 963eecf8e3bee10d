// Starts every provider fake on loopback. As a CLI it prints one JSON line with the URLs
// and runs until SIGINT/SIGTERM:
//   npx tsx tests/fakes/start-fakes.ts [--llm-reply "text"]... [--stt "text"]...
//     [--openai-port N] [--deepgram-port N] [--inworld-port N] [--elevenlabs-port N] [--latency-ms N]
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startFakeDeepgram, type FakeDeepgram, type FakeDeepgramOptions } from "./fake-deepgram";
import { startFakeElevenLabs, type FakeElevenLabs, type FakeElevenLabsOptions } from "./fake-elevenlabs";
import { startFakeInworld, type FakeInworld, type FakeInworldOptions } from "./fake-inworld";
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from "./fake-openai";

export interface Fakes {
  /** OpenAI-compatible base URL (chat + TTS), ends in /v1. */
  openaiUrl: string;
  /** Deepgram base URL (ws://), the plugin appends /v1/listen. */
  deepgramUrl: string;
  /** Inworld TTS base URL (http://, no path). */
  inworldUrl: string;
  /** ElevenLabs base URL, ends in /v1 (the plugin derives its ws:// URL). */
  elevenlabsUrl: string;
  openai: FakeOpenAI;
  deepgram: FakeDeepgram;
  inworld: FakeInworld;
  elevenlabs: FakeElevenLabs;
  stop(): Promise<void>;
}

export async function startFakes(
  opts: { openai?: FakeOpenAIOptions; deepgram?: FakeDeepgramOptions; inworld?: FakeInworldOptions; elevenlabs?: FakeElevenLabsOptions } = {},
): Promise<Fakes> {
  const openai = await startFakeOpenAI(opts.openai);
  let deepgram: FakeDeepgram;
  let inworld: FakeInworld;
  try {
    deepgram = await startFakeDeepgram(opts.deepgram);
  } catch (error) {
    await openai.close();
    throw error;
  }
  let elevenlabs: FakeElevenLabs;
  try {
    inworld = await startFakeInworld(opts.inworld);
  } catch (error) {
    await Promise.allSettled([openai.close(), deepgram.close()]);
    throw error;
  }
  try {
    elevenlabs = await startFakeElevenLabs(opts.elevenlabs);
  } catch (error) {
    await Promise.allSettled([openai.close(), deepgram.close(), inworld.close()]);
    throw error;
  }
  return {
    openaiUrl: openai.baseUrl,
    deepgramUrl: deepgram.baseUrl,
    inworldUrl: inworld.baseUrl,
    elevenlabsUrl: elevenlabs.baseUrl,
    openai,
    deepgram,
    inworld,
    elevenlabs,
    async stop() {
      await Promise.allSettled([openai.close(), deepgram.close(), inworld.close(), elevenlabs.close()]);
    },
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      "llm-reply": { type: "string", multiple: true },
      stt: { type: "string", multiple: true },
      "openai-port": { type: "string" },
      "deepgram-port": { type: "string" },
      "inworld-port": { type: "string" },
      "elevenlabs-port": { type: "string" },
      "latency-ms": { type: "string" },
    },
  });
  const fakes = await startFakes({
    openai: {
      replies: values["llm-reply"],
      port: values["openai-port"] ? Number(values["openai-port"]) : undefined,
      latencyMs: values["latency-ms"] ? Number(values["latency-ms"]) : undefined,
    },
    deepgram: {
      utterances: values.stt,
      port: values["deepgram-port"] ? Number(values["deepgram-port"]) : undefined,
    },
    inworld: { port: values["inworld-port"] ? Number(values["inworld-port"]) : undefined },
    elevenlabs: { port: values["elevenlabs-port"] ? Number(values["elevenlabs-port"]) : undefined },
  });
  console.log(
    JSON.stringify({
      openaiUrl: fakes.openaiUrl,
      deepgramUrl: fakes.deepgramUrl,
      deepgramControlUrl: fakes.deepgram.httpUrl,
      inworldUrl: fakes.inworldUrl,
      elevenlabsUrl: fakes.elevenlabsUrl,
    }),
  );
  const shutdown = () => {
    void fakes.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

const invokedPath = process.argv[1] ? path.resolve(process.argv[1]) : "";
if (invokedPath === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
