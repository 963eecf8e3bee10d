// Defaults of an assistant, each spelled once. The app fills the stored ones into a new
// assistant (lib/schemas/assistant.ts) and names the conversation ones in the API's field
// descriptions; the worker applies the conversation ones to whatever a call's config leaves
// unset. A stage's default model and voice come from the provider catalogue.
import { PROVIDER_CATALOGUE } from "./provider-catalogue";

/** What a new assistant starts with when the request leaves these out. */
export const ASSISTANT_DEFAULTS = {
  first_message: "Hello! How can I help you today?",
  max_duration_seconds: 600,
  system_prompt: "You are a friendly, concise voice assistant. Answer in one or two short sentences.",
  stt: { provider: "deepgram", language: "en" },
  llm: { provider: "openai", temperature: 0.7 },
  tts: { provider: "elevenlabs" },
} as const;

/** The default providers' default models and voice (the first the catalogue lists). */
export const DEFAULT_STT_MODEL = PROVIDER_CATALOGUE.stt.deepgram.models[0];
export const DEFAULT_LLM_MODEL = PROVIDER_CATALOGUE.llm.openai.models[0];
export const DEFAULT_TTS_MODEL = PROVIDER_CATALOGUE.tts.elevenlabs.models[0];
export const DEFAULT_VOICE_ID = PROVIDER_CATALOGUE.tts.elevenlabs.defaultVoice;

/** What the conversation does when speech_config leaves a setting out. */
export const SPEECH_DEFAULTS = {
  /** Said by the end_call tool when the assistant has not said goodbye itself. */
  goodbye: "Thank you for calling. Goodbye!",
  /** Said when the maximum duration is reached (unless speech_config.end_call_message is set). */
  max_duration_message: "I'm sorry, we have reached the time limit for this call. Goodbye!",
  /** Said before a transfer when the destination has no message of its own. */
  transfer_message: "Please hold while I transfer your call.",
  silence: {
    messages: ["Are you still there?"],
    final_message: "I haven't heard from you, so I'll end the call now. Goodbye!",
    first_check_seconds: 7,
    interval_seconds: 12,
    max_attempts: 3,
  },
} as const;
