// What the worker reads from the app: the dispatch metadata and the resolved call config
// (GET /api/internal/calls/{id}/config, built by lib/calls/call-config.ts against
// CallConfigWire). Only the fields the worker uses are validated; unknown keys are tolerated
// (stripped from the provider configs, passed through on the assistant and the
// speech_config), so the app may send more than the worker reads. A model or voice left out
// is the provider's default from the catalogue (applied by the worker's provider factory, so
// a provider without one fails naming its stage).
import { z } from "zod";
import { CALL_TYPES } from "./channels";

/** A call the app created (web, outbound): the worker fetches its config by id. */
export const appDispatchMetadataSchema = z.object({
  call_id: z.string().min(1).max(200),
});
export type AppDispatchMetadata = z.infer<typeof appDispatchMetadataSchema>;

/**
 * An inbound phone call: LiveKit SIP's dispatch rule of the number dispatched the agent before
 * any Call exists, so the worker asks the app to start one (INTERNAL_SIP_INBOUND_PATH).
 * `number_id` is null for the platform's catch-all rule (a number nobody registered): the
 * worker refuses the call at once, so the caller is not left ringing.
 */
export const inboundDispatchMetadataSchema = z.object({
  channel: z.literal("sip_inbound"),
  number_id: z.string().min(1).max(200).nullable(),
});
export type InboundDispatchMetadata = z.infer<typeof inboundDispatchMetadataSchema>;

export const dispatchMetadataSchema = z.union([inboundDispatchMetadataSchema, appDispatchMetadataSchema]);
export type DispatchMetadata = z.infer<typeof dispatchMetadataSchema>;

export const isInboundDispatch = (m: DispatchMetadata): m is InboundDispatchMetadata => "channel" in m && m.channel === "sip_inbound";

/** What the worker tells the app about an inbound call it was dispatched to. */
export const sipInboundCallRequestSchema = z.object({
  number_id: z.string().min(1).max(200),
  /** The room LiveKit SIP created for the call. */
  room: z.string().min(1).max(500),
  /** sip.phoneNumber: the caller's number (or SIP user), as LiveKit SIP saw it. */
  caller: z.string().min(1).max(200),
  /** sip.trunkPhoneNumber: the number dialled. */
  called: z.string().max(200).nullish(),
  /** The SIP participant's identity in the room. */
  participant_identity: z.string().min(1).max(500),
});
export type SipInboundCallRequest = z.infer<typeof sipInboundCallRequestSchema>;

export const sipInboundCallResponseSchema = z.object({ call_id: z.string().min(1).max(200) });
export type SipInboundCallResponse = z.infer<typeof sipInboundCallResponseSchema>;

export class InvalidDispatchMetadataError extends Error {
  override name = "InvalidDispatchMetadataError";
}

/** Parses `ctx.job.metadata` (a JSON string set by the app when it dispatched the agent). */
export function parseDispatchMetadata(raw: string | undefined | null): DispatchMetadata {
  let json: unknown;
  try {
    json = JSON.parse(raw ?? "");
  } catch {
    throw new InvalidDispatchMetadataError("dispatch metadata is not JSON");
  }
  const result = dispatchMetadataSchema.safeParse(json);
  if (!result.success) {
    throw new InvalidDispatchMetadataError(`dispatch metadata is invalid: ${result.error.issues[0]?.message ?? "unknown"}`);
  }
  return result.data;
}

const optionalUrl = z.string().url().nullish().transform((v) => v ?? undefined);
const optionalNumber = z.number().nullish().transform((v) => v ?? undefined);
const optionalString = z.string().nullish().transform((v) => v ?? undefined);

// ---- Tools (llm_config.tools, templates already merged in and servers resolved by the app) ----

export const functionToolConfigSchema = z.object({
  type: z.literal("function"),
  function: z.object({
    name: z.string().min(1).max(64),
    description: z.string().nullish().transform((v) => v ?? ""),
    parameters: z
      .record(z.string(), z.unknown())
      .nullish()
      .transform((v) => v ?? { type: "object", properties: {} }),
  }),
  /** Where the tool-calls webhook goes; absent when no URL exists anywhere. The secret is plain. */
  server: z
    .object({ url: z.string().url(), secret: z.string().nullish().transform((v) => v ?? undefined) })
    .nullish()
    .transform((v) => v ?? undefined),
  async: z.boolean().nullish().transform((v) => v ?? false),
  message: optionalString,
});

export const endCallToolConfigSchema = z.object({ type: z.literal("end_call") });

export const transferDestinationConfigSchema = z.object({
  number: z.string().min(1),
  description: optionalString,
  message: optionalString,
});

export const transferCallToolConfigSchema = z.object({
  type: z.literal("transfer_call"),
  destinations: z.array(transferDestinationConfigSchema).min(1),
});

export const toolConfigSchema = z.discriminatedUnion("type", [
  functionToolConfigSchema,
  endCallToolConfigSchema,
  transferCallToolConfigSchema,
]);

// Kinds this worker does not run (e.g. mcp) are left out instead of failing the call; the
// app validated the list, so anything else malformed is dropped the same way.
const toolListSchema = z
  .array(z.unknown())
  .nullish()
  .transform((tools) =>
    (tools ?? []).flatMap((t) => {
      const parsed = toolConfigSchema.safeParse(t);
      return parsed.success ? [parsed.data] : [];
    }),
  );

// ---- speech_config (conversation dynamics; seconds on the wire) ----

export const speechConfigSchema = z.preprocess(
  (v) => v ?? {},
  z.looseObject({
    turn_taking: z
      .object({
        endpointing_min_delay: optionalNumber,
        endpointing_max_delay: optionalNumber,
        interruption_min_duration: optionalNumber,
        interruption_min_words: optionalNumber,
        false_interruption_timeout: z.number().nullish(),
        allow_interruptions: z.boolean().nullish().transform((v) => v ?? undefined),
      })
      .nullish()
      .transform((v) => v ?? undefined),
    pronunciation: z
      .array(z.object({ from: z.string().min(1), to: z.string() }))
      .nullish()
      .transform((v) => v ?? []),
    silence: z
      .object({
        messages: z.array(z.string()).nullish().transform((v) => v ?? []),
        final_message: optionalString,
        first_check_seconds: optionalNumber,
        interval_seconds: optionalNumber,
        max_attempts: optionalNumber,
      })
      .nullish()
      .transform((v) => v ?? undefined),
    end_call_message: optionalString,
    first_message_outbound: optionalString,
    end_call_phrases: z.array(z.string()).nullish().transform((v) => v ?? []),
  }),
);

// Providers stay plain strings here so an unknown one surfaces as a ProviderConfigError
// naming the stage, not as a schema failure.
export const sttEntrySchema = z.object({
  provider: z.string().min(1),
  model: z.string().min(1),
  language: z.string().min(1),
  keyterms: z.array(z.string()).nullish().transform((v) => v ?? []),
  endpointing: optionalNumber,
  base_url: optionalUrl,
});

/** Alternative providers of a stage, tried in order when the one in use fails (at most 3). */
const fallbacksOf = <T extends z.ZodType>(entry: T) => z.array(entry).max(3).nullish();
export const sttConfigSchema = sttEntrySchema.extend({ fallbacks: fallbacksOf(sttEntrySchema) });

export const chatMessageSchema = z.object({
  role: z.enum(["system", "user", "assistant"]),
  content: z.string(),
});

/** An LLM fallback changes the model and how it is called; prompt and tools stay the primary's. */
export const llmEntrySchema = z.object({
  provider: z.string().min(1),
  model: z.string().min(1),
  temperature: optionalNumber,
  max_tokens: optionalNumber,
  base_url: optionalUrl,
});

export const llmConfigSchema = z.object({
  provider: z.string().min(1),
  model: z.string().min(1),
  temperature: optionalNumber,
  max_tokens: optionalNumber,
  messages: z.array(chatMessageSchema).default([]),
  tools: toolListSchema,
  base_url: optionalUrl,
  fallbacks: fallbacksOf(llmEntrySchema),
});

export const ttsEntrySchema = z.object({
  provider: z.string().min(1),
  voice_id: z.string().min(1).nullish().transform((v) => v ?? undefined),
  model: z.string().nullish().transform((v) => v ?? undefined),
  language: z.string().nullish().transform((v) => v ?? undefined),
  stability: optionalNumber,
  similarity_boost: optionalNumber,
  style: optionalNumber,
  use_speaker_boost: z.boolean().nullish().transform((v) => v ?? undefined),
  speed: optionalNumber,
  base_url: optionalUrl,
});
export const ttsConfigSchema = ttsEntrySchema.extend({ fallbacks: fallbacksOf(ttsEntrySchema) });

// The rest of the public assistant (webhook_url, analysis_plan, …) passes through: the
// tool-calls webhook carries the resolved assistant.
export const assistantConfigSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  first_message: z.string().nullish().transform((v) => v ?? null),
  is_active: z.boolean(),
  max_duration_seconds: z.number().positive().nullish().transform((v) => v ?? null),
  autonomous_silence_handling: z.boolean().nullish().transform((v) => v ?? false),
  silence_timeout_seconds: z.number().positive().nullish().transform((v) => v ?? null),
  // Outbound calls: screen the callee's first utterance for an answering machine.
  voicemail_detection: z.boolean().nullish().transform((v) => v ?? false),
  voicemail_message: z.string().nullish().transform((v) => v ?? null),
  speech_config: speechConfigSchema,
  stt_config: sttConfigSchema,
  llm_config: llmConfigSchema,
  tts_config: ttsConfigSchema,
});

/** The organisation's own (BYOK) keys by provider; they win over the worker's env keys. Never log them. */
export const providerKeysSchema = z.record(
  z.string(),
  z.object({ api_key: z.string().min(1), base_url: optionalUrl }),
);

/**
 * An outbound call's leg, which the worker places once it is in the room (LiveKit's
 * convention: the agent dials, so it is there when the callee answers and it sees the SIP
 * status of a failed INVITE).
 */
export const outboundDialSchema = z.object({
  /** The LiveKit outbound trunk of the caller-ID number's SIP trunk. */
  livekit_trunk_id: z.string().min(1),
  /** The callee (E.164). */
  to: z.string().min(1),
  /** The caller ID (E.164, a number the trunk may present). */
  from: z.string().min(1),
  ring_timeout_seconds: z.number().int().positive(),
  /** The callee's participant identity in the room. */
  participant_identity: z.string().min(1),
});
export type OutboundDial = z.output<typeof outboundDialSchema>;

export const callConfigSchema = z.object({
  call: z.object({
    id: z.string().min(1),
    type: z.enum(CALL_TYPES),
    room_name: z.string(),
    organization_id: z.string(),
    caller_phone: z.string().nullish().transform((v) => v ?? null),
    assistant_phone: z.string().nullish().transform((v) => v ?? null),
    /** Variables for {{var}} substitution (custom variables, lead fields); echoed in webhooks. */
    metadata: z.record(z.string(), z.unknown()).nullish().transform((v) => v ?? {}),
  }),
  assistant: assistantConfigSchema,
  /** The webhook for call events (assistant's, else the organisation's); tools carry their own server. */
  webhook: z
    .looseObject({ url: z.string().url(), secret: z.string().nullish().transform((v) => v ?? null), events: z.array(z.string()).default([]) })
    .nullish()
    .transform((v) => v ?? null),
  recording: z
    .looseObject({ enabled: z.boolean() })
    .nullish()
    .transform((v) => v ?? { enabled: false }),
  provider_keys: providerKeysSchema.nullish(),
  /** Outbound calls only: what to dial. */
  dial: outboundDialSchema.nullish().transform((v) => v ?? null),
});

export type SttConfig = z.output<typeof sttConfigSchema>;
export type SttEntry = z.output<typeof sttEntrySchema>;
export type LlmEntry = z.output<typeof llmEntrySchema>;
export type TtsEntry = z.output<typeof ttsEntrySchema>;
export type FunctionToolConfig = z.output<typeof functionToolConfigSchema>;
export type TransferCallToolConfig = z.output<typeof transferCallToolConfigSchema>;
export type ToolConfig = z.output<typeof toolConfigSchema>;
export type SpeechConfig = z.output<typeof speechConfigSchema>;
// tools is always present after parsing; optional here so provider code and tests can omit it.
export type LlmConfig = Omit<z.output<typeof llmConfigSchema>, "tools"> & { tools?: ToolConfig[] };
export type TtsConfig = z.output<typeof ttsConfigSchema>;
export type AssistantConfig = z.output<typeof assistantConfigSchema>;
export type CallConfig = z.output<typeof callConfigSchema>;
/** What the app may send: the schema's input (lib/calls/call-config.ts builds against it). */
export type CallConfigWire = z.input<typeof callConfigSchema>;
/** Looser than the parsed output so tests and callers can omit base_url. */
export type ProviderKeys = Record<string, { api_key: string; base_url?: string | undefined }>;

/** The agent's instructions: every system message, in order. */
export function systemInstructions(config: Pick<LlmConfig, "messages">): string {
  return config.messages
    .filter((m) => m.role === "system")
    .map((m) => m.content.trim())
    .filter(Boolean)
    .join("\n\n");
}
