import { z } from "zod";
import { dateFilterSchema, uuidSchema, paginationQuerySchema } from "@/lib/schemas/common";
import { END_REASONS } from "@/lib/contract/end-reasons";
import { CALL_TYPES } from "@/lib/contract/channels";
import { RING_TIMEOUT_MAX_SECONDS, RING_TIMEOUT_MIN_SECONDS } from "@/lib/contract/wire";
import { e164Schema } from "@/lib/schemas/phone";
import {
  failoverSchema,
  toolCallRecordSchema,
  transcriptTurnSchema,
  turnTimingSchema,
} from "@/lib/contract/call-events";

// What the worker reports and what control commands look like are the app ↔ worker contract
// (lib/contract/); they are re-exported here with the rest of the call resource.
export * from "@/lib/contract/call-events";
export { callControlSchema, type CallControl } from "@/lib/contract/call-control";
export { CONTROL_TOPIC } from "@/lib/contract/wire";
export { CALL_TYPES };

// dialing and ringing: an outbound call before the callee answers.
export const CALL_STATUSES = ["connecting", "dialing", "ringing", "in-progress", "ended", "failed", "transferred"] as const;
export type CallStatusName = (typeof CALL_STATUSES)[number];
/** A call that has not ended yet (the portal keeps polling it). */
export const isLiveCallStatus = (status: string) => status === "connecting" || status === "dialing" || status === "ringing" || status === "in-progress";

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

// POST /calls/outbound. HMS's deprecated agent, agent_id and agent_config are the
// transient assistant, assistant_id and assistant_override.
export const outboundCallCreateSchema = z
  .object({
    destination: e164Schema.describe("E.164 number to call"),
    number_id: uuidSchema.optional().describe("Caller ID; default: the first number whose trunk can dial out"),
    assistant_id: uuidSchema.optional(),
    agent_id: uuidSchema.optional().describe("Deprecated alias of assistant_id"),
    assistant: z.record(z.string(), z.unknown()).optional().describe("Transient assistant"),
    agent: z.record(z.string(), z.unknown()).optional().describe("Deprecated alias of assistant"),
    assistant_override: z.record(z.string(), z.unknown()).optional(),
    agent_config: z.record(z.string(), z.unknown()).optional().describe("Deprecated alias of assistant_override"),
    first_message: z.string().max(1000).optional(),
    metadata: callMetadataSchema.optional(),
    ring_timeout_seconds: z
      .number()
      .int()
      .min(RING_TIMEOUT_MIN_SECONDS)
      .max(RING_TIMEOUT_MAX_SECONDS)
      .optional()
      .describe("Extension: ring time before no_answer"),
  })
  .strict()
  .transform((b, ctx) => {
    const id = b.assistant_id ?? b.agent_id;
    const assistant = b.assistant ?? b.agent;
    const override = b.assistant_override ?? b.agent_config;
    if (id && assistant) {
      ctx.addIssue({ code: "custom", message: "give either assistant_id or assistant, not both", path: [b.assistant ? "assistant" : "agent"] });
      return z.NEVER;
    }
    if (!id && !assistant) {
      ctx.addIssue({ code: "custom", message: "assistant_id is required", path: ["assistant_id"] });
      return z.NEVER;
    }
    if (assistant && override) {
      ctx.addIssue({ code: "custom", message: "assistant_override applies to a saved assistant (assistant_id)", path: [b.assistant_override ? "assistant_override" : "agent_config"] });
      return z.NEVER;
    }
    return {
      destination: b.destination,
      number_id: b.number_id ?? null,
      assistant_id: id ?? null,
      assistant: assistant ?? null,
      assistant_override: override ?? null,
      first_message: b.first_message ?? null,
      metadata: b.metadata ?? {},
      ring_timeout_seconds: b.ring_timeout_seconds ?? null,
    };
  });
export type OutboundCallCreateInput = z.output<typeof outboundCallCreateSchema>;

export const outboundCallResponseSchema = z.object({
  success: z.literal(true),
  call_id: z.string(),
  status: z.literal("dialing"),
});

export const webCallResponseSchema = z.object({
  call_id: z.string(),
  token: z.string(),
  server_url: z.string(),
  room: z.string(),
});

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
  caller_phone: z.string().nullable().describe("A string for phone calls (\"\" when withheld); null for web calls"),
  assistant_phone: z.string().nullable().describe("A string for phone calls; null for web calls"),
  phone_number: z.string().nullable().describe("The remote party's number (alias of caller_phone)"),
  end_reason: z.string().nullable().describe(`Why the call ended: ${END_REASONS.join(", ")}`),
  // Where a SIP transfer sent the caller (E.164 or SIP URI).
  transfer_destination: z.string().nullable(),
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
  start_date: dateFilterSchema("start").optional().describe("Created at or after (a date: from its 00:00 UTC)"),
  end_date: dateFilterSchema("end").optional().describe("Created before (a date: up to the end of that day, UTC)"),
  phone_number: z.string().max(40).optional().describe("Caller or assistant number (E.164)"),
  q: z.string().trim().max(200).optional().describe("Search in transcript, summary, assistant name and end reason"),
});

export const callControlResponseSchema = z.object({
  success: z.literal(true),
  message: z.string(),
  command: z.object({ id: z.string(), type: z.string(), status: z.enum(["sent", "acknowledged", "failed"]) }),
});

