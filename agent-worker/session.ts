// Builds the AgentSession for a call. Everything runs against the configured providers
// only: no LiveKit Cloud inference. End of turn comes from the STT's endpointing
// ("stt", default), the local VAD ("vad") or the bundled audio turn-detector model
// ("local", runs in the worker's shared inference process); interruptions come from the
// local VAD. The cloud-backed defaults (v1 turn detector, adaptive interruption) stay off.
import { inference, voice, type VAD } from "@livekit/agents";
import type { TurnTakingOverrides } from "./behaviours/turn-taking";
import type { TurnDetectionMode } from "./env";
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
  turnDetection?: TurnDetectionMode;
  /** The assistant's speech_config.turn_taking, in the framework's units. */
  turnTaking?: TurnTakingOverrides;
}

export function buildSession(providers: Providers, opts: BuildSessionOptions = {}): voice.AgentSession {
  return new voice.AgentSession({
    stt: providers.stt,
    llm: providers.llm,
    tts: providers.tts,
    vad: opts.vad ?? loadVad(),
    turnHandling: {
      turnDetection:
        opts.turnDetection === "local" ? new inference.TurnDetector({ version: "v1-mini" }) : (opts.turnDetection ?? "stt"),
      endpointing: { ...opts.turnTaking?.endpointing },
      interruption: { ...opts.turnTaking?.interruption, mode: "vad" },
    },
    // Any provider failure that survives the plugin's own retries ends the call
    // (the framework default tolerates three, leaving the caller in silence).
    connOptions: { maxUnrecoverableErrors: 0 },
  });
}
