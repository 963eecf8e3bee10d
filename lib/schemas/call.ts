import { z } from "zod";
import { uuidSchema, paginationQuerySchema } from "@/lib/schemas/common";

export const CALL_STATUSES = ["connecting", "in-progress", "ended", "failed"] as const;
export const CALL_TYPES = ["web", "inbound", "outbound"] as const;

export const transcriptTurnSchema = z.object({
  role: z.enum(["user", "assistant"]),
  content: z.string(),
  started_at: z.string().nullable().optional(),
  ended_at: z.string().nullable().optional(),
});
export type TranscriptTurn = z.infer<typeof transcriptTurnSchema>;

/** Largest accepted call metadata (JSON characters); it travels in every webhook. */
export const METADATA_MAX_CHARS = 16_384;
export const callMetadataSchema = z
  .record(z.string(), z.unknown())
  .refine((m) => JSON.stringify(m).length <= METADATA_MAX_CHARS, `must be at most ${METADATA_MAX_CHARS} characters as JSON`)
  .describe("Call variables ({{name}} in prompts and first_message), echoed in webhooks");

export const webCallCreateSchema = z
  .object({
    assistant_id: uuidSchema.optional(),
    agent_id: uuidSchema.optional().describe("Deprecated alias of assistant_id"),
    assistant: z.record(z.string(), z.unknown()).optional().describe("A transient assistant for this call only (same fields as creating one); instead of assistant_id"),
    assistant_override: z.record(z.string(), z.unknown()).optional().describe("Shallow override of the saved assistant: each top-level key replaces the saved one"),
    metadata: callMetadataSchema.optional(),
  })
  .strict()
  .transform((b, ctx) => {
    const id = b.assistant_id ?? b.agent_id;
    if (id && b.assistant) {
      ctx.addIssue({ code: "custom", message: "give either assistant_id or assistant, not both", path: ["assistant"] });
      return z.NEVER;
    }
    if (!id && !b.assistant) {
      ctx.addIssue({ code: "custom", message: "assistant_id is required", path: ["assistant_id"] });
      return z.NEVER;
    }
    if (b.assistant && b.assistant_override) {
      ctx.addIssue({ code: "custom", message: "assistant_override applies to a saved assistant (assistant_id)", path: ["assistant_override"] });
      return z.NEVER;
    }
    return { assistant_id: id ?? null, assistant: b.assistant ?? null, assistant_override: b.assistant_override ?? null, metadata: b.metadata ?? {} };
  });

export const webCallResponseSchema = z.object({
  call_id: z.string(),
  token: z.string(),
  server_url: z.string(),
  room: z.string(),
});

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

export const STAGES = ["stt", "llm", "tts"] as const;
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

export const costItemSchema = z.object({
  kind: z.enum(["call_minutes", "stt_seconds", "llm_input_tokens", "llm_output_tokens", "tts_characters"]),
  provider: z.string().nullable(),
  model: z.string().nullable(),
  quantity: z.number(),
  unit_price: z.number(),
  cost: z.number(),
});

export const callSchema = z.object({
  id: z.string(),
  assistant_id: z.string().nullable(),
  agent_id: z.string().nullable().describe("Deprecated alias of assistant_id"),
  assistant_name: z.string().nullable(),
  agent_name: z.string().nullable().describe("Deprecated alias of assistant_name"),
  business_name: z.string().nullable(),
  type: z.enum(CALL_TYPES),
  direction: z.enum(CALL_TYPES),
  status: z.enum(CALL_STATUSES),
  room_name: z.string(),
  caller_phone: z.string().nullable(),
  assistant_phone: z.string().nullable(),
  phone_number: z.string().nullable().describe("The remote party's number (alias of caller_phone)"),
  end_reason: z.string().nullable(),
  error: z.string().nullable(),
  started_at: z.string().nullable(),
  ended_at: z.string().nullable(),
  duration_seconds: z.number().nullable(),
  messages: z.array(transcriptTurnSchema),
  tool_calls: z.array(toolCallRecordSchema),
  metadata: z.record(z.string(), z.unknown()),
  summary: z.string().nullable(),
  analysis_result: z.record(z.string(), z.unknown()).nullable().describe("Structured data from the analysis plan"),
  analysis_status: z.enum(["pending", "completed", "skipped", "invalid", "failed"]).nullable(),
  analysis_error: z.string().nullable().describe("Why the analysis was skipped, invalid or failed"),
  recording_url: z.string().nullable().describe("Signed, time-limited URL of the recording"),
  timings: z.array(turnTimingSchema),
  failovers: z.array(failoverSchema),
  cost: z.number().nullable(),
  cost_breakdown: z.array(costItemSchema),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Call = z.infer<typeof callSchema>;

export const callListQuerySchema = paginationQuerySchema.extend({
  status: z.enum(CALL_STATUSES).optional(),
  type: z.enum(CALL_TYPES).optional(),
  assistant_id: uuidSchema.optional(),
  agent_id: uuidSchema.optional().describe("Deprecated alias of assistant_id"),
  start_date: z.string().datetime({ offset: true, message: "must be an ISO 8601 date-time" }).optional().describe("Created at or after"),
  end_date: z.string().datetime({ offset: true, message: "must be an ISO 8601 date-time" }).optional().describe("Created before"),
  phone_number: z.string().max(40).optional().describe("Caller or assistant number (E.164)"),
  q: z.string().trim().max(200).optional().describe("Search in transcript, summary, assistant name and end reason"),
});

// Live call control (POST /calls/{id}/control). HMS spells types with hyphens; the
// underscore spellings are accepted too. Output is the hyphenated form. (An enum with a
// transform, not a preprocess: a discriminated union needs to read the accepted values.)
const controlType = <T extends string>(t: T) =>
  z.enum([t, t.replace(/-/g, "_")] as [string, string]).transform((): T => t);
export const callControlSchema = z.discriminatedUnion("type", [
  z.object({
    type: controlType("inject-context"),
    content: z.string().trim().min(1, "content is required").max(10_000),
    trigger_response: z.boolean().default(false).describe("Make the assistant respond right away"),
  }).strict(),
  z.object({
    type: controlType("say"),
    content: z.string().trim().min(1, "content is required").max(2000),
    interrupt: z.boolean().default(false).describe("Cut off what the assistant is saying"),
    end_after: z.boolean().default(false).describe("Hang up after saying it"),
  }).strict(),
  z.object({ type: controlType("end-call"), message: z.string().trim().max(2000).optional() }).strict(),
  z.object({
    type: controlType("transfer"),
    destination: z.string().regex(/^(\+[1-9]\d{1,14}|sips?:[^\s]+)$/, "must be an E.164 number or a SIP URI").describe("E.164 or SIP URI"),
    message: z.string().trim().max(2000).optional(),
  }).strict(),
]);
export type CallControl = z.output<typeof callControlSchema>;
export const callControlResponseSchema = z.object({
  success: z.literal(true),
  message: z.string(),
  command: z.object({ id: z.string(), type: z.string(), status: z.enum(["sent", "acknowledged", "failed"]) }),
});

/** Data-message topic on which the app sends control commands to the agent (server-sent only). */
export const CONTROL_TOPIC = "switchboard.control";

// What the agent worker reports back (internal API).
export const callEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("started"), at: z.string().datetime({ offset: true }).optional() }),
  z.object({
    type: z.literal("ended"),
    status: z.enum(["ended", "failed"]),
    end_reason: z.string().min(1).max(200),
    error: z.string().max(2000).nullable().optional(),
    started_at: z.string().datetime({ offset: true }).nullable().optional(),
    ended_at: z.string().datetime({ offset: true }),
    transcript: z.array(transcriptTurnSchema).max(5000).default([]),
    timings: z.array(turnTimingSchema).max(5000).default([]),
    tool_calls: z.array(toolCallRecordSchema).max(1000).default([]),
    failovers: z.array(failoverSchema).max(100).default([]),
    usage: callUsageSchema.optional(),
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
