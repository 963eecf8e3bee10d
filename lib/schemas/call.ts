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

export const webCallCreateSchema = z
  .object({
    assistant_id: uuidSchema.optional(),
    agent_id: uuidSchema.optional().describe("Deprecated alias of assistant_id"),
  })
  .strict()
  .transform((b, ctx) => {
    const id = b.assistant_id ?? b.agent_id;
    if (!id) {
      ctx.addIssue({ code: "custom", message: "assistant_id is required", path: ["assistant_id"] });
      return z.NEVER;
    }
    return { assistant_id: id };
  });

export const webCallResponseSchema = z.object({
  call_id: z.string(),
  token: z.string(),
  server_url: z.string(),
  room: z.string(),
});

export const callSchema = z.object({
  id: z.string(),
  assistant_id: z.string().nullable(),
  agent_id: z.string().nullable().describe("Deprecated alias of assistant_id"),
  assistant_name: z.string().nullable(),
  type: z.enum(CALL_TYPES),
  direction: z.enum(CALL_TYPES),
  status: z.enum(CALL_STATUSES),
  room_name: z.string(),
  caller_phone: z.string().nullable(),
  end_reason: z.string().nullable(),
  error: z.string().nullable(),
  started_at: z.string().nullable(),
  ended_at: z.string().nullable(),
  duration_seconds: z.number().nullable(),
  messages: z.array(transcriptTurnSchema),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Call = z.infer<typeof callSchema>;

export const callListQuerySchema = paginationQuerySchema.extend({
  status: z.enum(CALL_STATUSES).optional(),
  assistant_id: uuidSchema.optional(),
  agent_id: uuidSchema.optional(),
});

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
  }),
]);
export type CallEvent = z.infer<typeof callEventSchema>;
