import { z } from "zod";
import { STAGES } from "./provider-catalogue";
import { workerEndReasonSchema } from "./end-reasons";

// What the worker reports to the app (POST /api/internal/calls/{id}/events): `ringing` (outbound) and `started` once,
// `ended` exactly once with everything measured, and `command` for each control command it
// received. The app stores the transcript, timings, tool calls and failovers as sent.

export const transcriptTurnSchema = z.object({
  role: z.enum(["user", "assistant"]),
  content: z.string(),
  started_at: z.string().nullable().optional(),
  ended_at: z.string().nullable().optional(),
});
export type TranscriptTurn = z.infer<typeof transcriptTurnSchema>;

// Per-turn latencies (milliseconds) and counts, measured by the worker from the agents
// framework's metrics. A turn is one user utterance and the agent's reply to it.
export const turnTimingSchema = z.object({
  turn: z.number().int().min(0).describe("0-based turn index"),
  // When the user stopped speaking (or the reply began, for the greeting).
  started_at: z.string().datetime({ offset: true }).nullable(),
  stt_final_latency_ms: z.number().min(0).nullable().describe("End of speech -> final transcript"),
  end_of_utterance_delay_ms: z.number().min(0).nullable().describe("End of speech -> turn committed"),
  llm_ttft_ms: z.number().min(0).nullable().describe("LLM time to first token"),
  tts_ttfb_ms: z.number().min(0).nullable().describe("TTS time to first byte"),
  total_latency_ms: z.number().min(0).nullable().describe("User stopped speaking -> agent audio started"),
  llm_prompt_tokens: z.number().int().min(0).default(0),
  llm_completion_tokens: z.number().int().min(0).default(0),
  tts_characters: z.number().int().min(0).default(0),
});
export type TurnTiming = z.infer<typeof turnTimingSchema>;

// One function-tool invocation during the call (built-ins end_call/transfer_call included).
export const toolCallRecordSchema = z.object({
  id: z.string().max(200),
  name: z.string().max(200),
  arguments: z.record(z.string(), z.unknown()).default({}),
  result: z.string().max(20_000).nullable().default(null),
  error: z.string().max(2000).nullable().default(null),
  started_at: z.string().datetime({ offset: true }),
  ended_at: z.string().datetime({ offset: true }).nullable().default(null),
});
export type ToolCallRecord = z.infer<typeof toolCallRecordSchema>;

// A provider switch: the primary (or a previous fallback) failed and the stage moved on.
export const failoverSchema = z.object({
  stage: z.enum(STAGES),
  from: z.string().max(100).describe("Provider that failed"),
  to: z.string().max(100).describe("Provider now in use"),
  at: z.string().datetime({ offset: true }),
  reason: z.string().max(500).nullable().default(null),
});
export type Failover = z.infer<typeof failoverSchema>;

// Raw provider usage of one call, per provider (a failover can involve several).
export const callUsageSchema = z.object({
  stt: z.array(z.object({ provider: z.string(), model: z.string().nullable().default(null), audio_seconds: z.number().min(0) })).max(10).default([]),
  llm: z
    .array(z.object({ provider: z.string(), model: z.string().nullable().default(null), prompt_tokens: z.number().int().min(0), completion_tokens: z.number().int().min(0) }))
    .max(10)
    .default([]),
  tts: z.array(z.object({ provider: z.string(), model: z.string().nullable().default(null), characters: z.number().int().min(0) })).max(10).default([]),
});
export type CallUsage = z.infer<typeof callUsageSchema>;

// The answering-machine check of an outbound call (assistant.voicemail_detection): what the
// callee said first and what it was taken for.
export const VOICEMAIL_RESULTS = ["machine", "human", "no_greeting"] as const;
export const voicemailDetectionSchema = z.object({
  // no_greeting: the callee said nothing in time (treated as a person).
  result: z.enum(VOICEMAIL_RESULTS),
  // The callee's first utterance and the answering-machine phrases found in it.
  greeting: z.string().max(2000).nullable(),
  matched: z.array(z.string().max(200)).max(50).default([]),
  detected_at: z.string().datetime({ offset: true }),
  message_left: z.boolean().default(false),
});
export type VoicemailDetection = z.infer<typeof voicemailDetectionSchema>;

// What the agent worker reports back (internal API).
export const callEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("started"), at: z.string().datetime({ offset: true }).optional() }),
  // Outbound: the callee's phone rings (the call goes dialing -> ringing).
  z.object({ type: z.literal("ringing"), at: z.string().datetime({ offset: true }).optional() }),
  z.object({
    type: z.literal("ended"),
    status: z.enum(["ended", "failed"]),
    end_reason: workerEndReasonSchema,
    error: z.string().max(2000).nullable().optional(),
    started_at: z.string().datetime({ offset: true }).nullable().optional(),
    ended_at: z.string().datetime({ offset: true }),
    transcript: z.array(transcriptTurnSchema).max(5000).default([]),
    timings: z.array(turnTimingSchema).max(5000).default([]),
    tool_calls: z.array(toolCallRecordSchema).max(1000).default([]),
    failovers: z.array(failoverSchema).max(100).default([]),
    usage: callUsageSchema.optional(),
    voicemail: voicemailDetectionSchema.nullable().optional(),
    // Whether a recording was uploaded (PUT /api/internal/calls/{id}/recording) before this event.
    has_recording: z.boolean().default(false),
  }),
  // The worker acknowledges (or rejects) a control command it received through the room.
  z.object({
    type: z.literal("command"),
    command_id: z.string().uuid(),
    status: z.enum(["acknowledged", "failed"]),
    error: z.string().max(2000).nullable().optional(),
  }),
]);
export type CallEvent = z.infer<typeof callEventSchema>;

// What the worker sends: the event shapes with every timestamp present.
type CallEventInput = z.input<typeof callEventSchema>;
export type TranscriptEntry = { role: "user" | "assistant"; content: string; started_at: string; ended_at: string };
export type CallStartedEvent = Extract<CallEventInput, { type: "started" }> & { at: string };
export type CallRingingEvent = Extract<CallEventInput, { type: "ringing" }> & { at: string };
export type CallEndedEvent = Extract<CallEventInput, { type: "ended" }> & { transcript: TranscriptEntry[]; error: string | null };
export type CallCommandEvent = Extract<CallEventInput, { type: "command" }>;
export type WorkerCallEvent = CallStartedEvent | CallRingingEvent | CallEndedEvent | CallCommandEvent;
