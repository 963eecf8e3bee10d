import { z } from "zod";
import { dateFilterSchema, paginationQuerySchema, paginationSchema } from "@/lib/schemas/common";

// Usage and cost (HMS §12.3): one log per finished call with its cost, and a summary of the
// whole filtered period. Costs are in the platform currency (EUR).

export const USAGE_KINDS = ["call_minutes", "stt_seconds", "llm_input_tokens", "llm_output_tokens", "tts_characters"] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];

export const usageQuerySchema = paginationQuerySchema
  .extend({
    start_date: dateFilterSchema("start").optional().describe("Calls that ended at or after this time (a date: from its 00:00 UTC)"),
    end_date: dateFilterSchema("end").optional().describe("Calls that ended before this time (a date: up to the end of that day, UTC)"),
  })
  .refine((q) => !q.start_date || !q.end_date || new Date(q.start_date) <= new Date(q.end_date), {
    message: "end_date must not be before start_date",
    path: ["end_date"],
  });

export const usageLogSchema = z.object({
  id: z.string().describe("Id of the usage log (one per call)"),
  call_id: z.string(),
  duration_sec: z.number().int().describe("Call duration in seconds"),
  duration_seconds: z.number().int().describe("Alias of duration_sec"),
  minutes_used: z.number().describe("Billed minutes (per second, 2 decimals)"),
  call_type: z.enum(["phone", "web"]),
  direction: z.enum(["web", "inbound", "outbound"]),
  phone_number: z.string().nullable(),
  agent_name: z.string().nullable(),
  assistant_name: z.string().nullable(),
  business_name: z.string().nullable(),
  cost: z.number().describe("Total cost of the call"),
  created_at: z.string().describe("When the call ended"),
});

const breakdownSchema = z.object({
  kind: z.enum(USAGE_KINDS),
  provider: z.string().nullable(),
  quantity: z.number(),
  cost: z.number(),
});

export const usageResponseSchema = z.object({
  logs: z.array(usageLogSchema),
  pagination: paginationSchema,
  summary: z.object({
    total_calls: z.number().int(),
    total_duration_seconds: z.number().int(),
    total_duration_minutes: z.number(),
    total_minutes: z.number().describe("Alias of total_duration_minutes"),
    total_cost: z.number(),
    currency: z.string(),
    by_kind: z.array(breakdownSchema.omit({ provider: true })),
    by_provider: z.array(breakdownSchema),
  }),
});
export type UsageResponse = z.infer<typeof usageResponseSchema>;
