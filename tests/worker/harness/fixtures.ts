// Call configs as the app would serve them, pointed at the loopback fakes.
import { randomUUID } from "node:crypto";
import type { CallConfig } from "../../../agent-worker/call-config";

export const SYSTEM_PROMPT = "You are the front desk of the Switchboard test clinic. Be brief.";
export const FIRST_MESSAGE = "Hello, thanks for calling the test clinic.";

export function makeCallConfig(opts: {
  roomName: string;
  openaiUrl: string;
  deepgramUrl?: string;
  callId?: string;
  firstMessage?: string | null;
  maxDurationSeconds?: number | null;
  /** The organisation's own keys (BYOK), as the app would pass them. */
  providerKeys?: CallConfig["provider_keys"];
}): CallConfig {
  return {
    ...(opts.providerKeys ? { provider_keys: opts.providerKeys } : {}),
    call: {
      id: opts.callId ?? randomUUID(),
      type: "web",
      room_name: opts.roomName,
      organization_id: randomUUID(),
    },
    assistant: {
      id: randomUUID(),
      name: "Test clinic",
      first_message: opts.firstMessage === undefined ? FIRST_MESSAGE : opts.firstMessage,
      is_active: true,
      max_duration_seconds: opts.maxDurationSeconds ?? null,
      stt_config: {
        provider: "deepgram",
        model: "nova-3",
        language: "en",
        keyterms: [],
        endpointing: undefined,
        base_url: opts.deepgramUrl,
      },
      llm_config: {
        provider: "openai",
        model: "gpt-4o-mini",
        temperature: 0.5,
        max_tokens: 200,
        messages: [{ role: "system", content: SYSTEM_PROMPT }],
        base_url: opts.openaiUrl,
      },
      tts_config: {
        provider: "openai",
        voice_id: "alloy",
        model: "tts-1",
        language: undefined,
        stability: undefined,
        similarity_boost: undefined,
        style: undefined,
        use_speaker_boost: undefined,
        speed: undefined,
        base_url: opts.openaiUrl,
      },
    },
  };
}
