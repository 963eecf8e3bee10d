import { z } from "zod";
import { paginationQuerySchema } from "@/lib/schemas/common";

// The audit log: one entry per write through the API (portal or API key) on an organisation.

export const auditLogEntrySchema = z.object({
  id: z.string().uuid(),
  organization_id: z.string().uuid().describe("The organisation acted on"),
  actor: z.object({
    type: z.enum(["user", "api_key"]),
    user_id: z.string().uuid().nullable(),
    email: z.string().nullable().describe("The user's email (null for an API key, or a deleted user)"),
    api_key_id: z.string().uuid().nullable(),
    api_key_name: z.string().nullable(),
    organization_id: z.string().uuid().describe("The actor's own organisation"),
  }),
  acting: z.boolean().describe("true: the actor worked on this organisation from its parent (X-Organization-Id)"),
  operation_id: z.string(),
  method: z.string(),
  path: z.string().describe("The request path below /api/v1"),
  status: z.number().int().describe("The HTTP status answered"),
  created_at: z.string(),
});
export type AuditLogEntry = z.infer<typeof auditLogEntrySchema>;

export const auditLogQuerySchema = paginationQuerySchema.extend({
  acting_only: z.enum(["true", "false"]).default("false").transform((v) => v === "true").describe("true: only what was done while acting from the parent"),
});
