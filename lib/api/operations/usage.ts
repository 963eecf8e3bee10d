import { defineOperation } from "@/lib/api/operation";
import { usageQuerySchema, usageResponseSchema } from "@/lib/schemas/usage";

export const getUsage = defineOperation({
  operationId: "getUsage", method: "get", path: "/usage", tags: ["Usage"], permission: "billing.read",
  summary: "Usage and cost",
  description:
    "One log per finished call (newest first) with its duration and total cost, and a summary of the whole period: calls, minutes, cost, and the cost by kind and by provider. A call counts in the period in which it ended. Providers paid with the organisation's own keys (BYOK) cost 0 here. Amounts are in the platform currency (summary.currency).",
  query: usageQuerySchema,
  responses: { 200: { description: "Usage logs and summary", schema: usageResponseSchema } },
});
