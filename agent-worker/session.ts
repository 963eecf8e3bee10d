// Builds the AgentSession for a call. Everything runs against the configured providers
// only: no LiveKit Cloud inference. End of turn comes from the STT's endpointing
// ("stt"), interruptions from the local VAD ("vad"); both cloud-backed defaults
// (the v1 turn detector and adaptive interruption in dev mode) are kept off.
import { inference, voice, type VAD } from "@livekit/agents";
import type { Providers } from "./providers";

/** Loads the bundled Silero VAD (native, offline) and warms its model; once per process. */
export function loadVad(): VAD {
  const vad = new inference.VAD();
  // Creating a stream initialises the native model so the first call doesn't pay for it.
  vad.stream().close();
  return vad;
}

export interface BuildSessionOptions {
  vad?: VAD;
}

export function buildSession(providers: Providers, opts: BuildSessionOptions = {}): voice.AgentSession {
  return new voice.AgentSession({
    stt: providers.stt,
    llm: providers.llm,
    tts: providers.tts,
    vad: opts.vad ?? loadVad(),
    turnHandling: {
      turnDetection: "stt",
      interruption: { mode: "vad" },
    },
    // Any provider failure that survives the plugin's own retries ends the call
    // (the framework default tolerates three, leaving the caller in silence).
    connOptions: { maxUnrecoverableErrors: 0 },
  });
}
