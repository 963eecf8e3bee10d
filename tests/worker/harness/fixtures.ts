// Call configs as the app would serve them, pointed at the loopback fakes.
import { randomUUID } from "node:crypto";
import { speechConfigSchema, type CallConfig } from "../../../lib/contract/call-config";
import { llmConfig, sttConfig, ttsConfig } from "../../../agent-worker/testing/provider-configs";

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
  /** Call fields (caller_phone, metadata, …) over the defaults. */
  call?: Partial<CallConfig["call"]>;
  /** Assistant fields (tools via llm_config, speech_config, silence handling, …) over the defaults. */
  assistant?: Partial<CallConfig["assistant"]>;
  webhook?: CallConfig["webhook"];
  recording?: CallConfig["recording"];
}): CallConfig {
  return {
    ...(opts.providerKeys ? { provider_keys: opts.providerKeys } : {}),
    call: {
      id: opts.callId ?? randomUUID(),
      type: "web",
      room_name: opts.roomName,
      organization_id: randomUUID(),
      caller_phone: null,
      assistant_phone: null,
      metadata: {},
      ...opts.call,
    },
    webhook: opts.webhook ?? null,
    recording: opts.recording ?? { enabled: false },
    dial: null,
    assistant: {
      id: randomUUID(),
      name: "Test clinic",
      first_message: opts.firstMessage === undefined ? FIRST_MESSAGE : opts.firstMessage,
      is_active: true,
      max_duration_seconds: opts.maxDurationSeconds ?? null,
      autonomous_silence_handling: false,
      silence_timeout_seconds: null,
      voicemail_detection: false,
      voicemail_message: null,
      speech_config: speechConfigSchema.parse({}),
      stt_config: sttConfig({ base_url: opts.deepgramUrl }),
      llm_config: {
        ...llmConfig({ temperature: 0.5, max_tokens: 200, messages: [{ role: "system", content: SYSTEM_PROMPT }], base_url: opts.openaiUrl }),
        tools: [],
      },
      tts_config: ttsConfig({ model: "tts-1", base_url: opts.openaiUrl }),
      ...opts.assistant,
    },
  };
}
