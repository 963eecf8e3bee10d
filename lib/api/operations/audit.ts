import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";
import { auditLogEntrySchema, auditLogQuerySchema } from "@/lib/schemas/audit";
import { paginationSchema } from "@/lib/schemas/common";

export const listAuditLog = defineOperation({
  operationId: "listAuditLog", method: "get", path: "/audit-log", tags: ["Audit log"], permission: "audit_log.read",
  summary: "The organisation's audit log",
  description: "Every write on the acting organisation, newest first; owners, admins and the parent (acting) read it.",
  query: auditLogQuerySchema,
  responses: { 200: { description: "Entries", schema: z.object({ entries: z.array(auditLogEntrySchema), pagination: paginationSchema }) } },
});
