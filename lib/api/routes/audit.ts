import "server-only";
import { route } from "@/lib/api/handler";
import * as op from "@/lib/api/operations/audit";
import { findAuditLog } from "@/lib/audit/audit-log";

export const listAuditLog = route(op.listAuditLog, async ({ scope, query: { limit, offset, acting_only } }) => {
  const { entries, total } = await findAuditLog(scope, { limit, offset, actingOnly: acting_only });
  return { entries, pagination: { total, limit, offset } };
});
