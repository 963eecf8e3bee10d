import "server-only";
import { json, parseQuery, withOrg } from "@/lib/api/handler";
import { usageQuerySchema } from "@/lib/schemas/usage";
import { findUsage } from "@/lib/usage/usage";

/** GET /usage — per-call usage logs with cost, and the period's summary. */
export const getUsage = withOrg(async ({ req, scope }) => {
  const q = parseQuery(req, usageQuerySchema);
  return json(await findUsage(scope, { limit: q.limit, offset: q.offset, startDate: q.start_date, endDate: q.end_date }));
}, { permission: "billing.read" });
