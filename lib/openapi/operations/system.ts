import { z } from "zod";
import { defineOperations } from "@/lib/openapi/registry";

export const systemOperations = defineOperations([
  {
    method: "get", path: "/health", operationId: "getHealth", summary: "Liveness and database check", tags: ["System"], auth: false,
    responses: {
      200: { description: "Healthy", schema: z.object({ status: z.literal("ok"), timestamp: z.string(), version: z.string(), checks: z.object({ database: z.enum(["ok", "error"]) }) }) },
      503: { description: "The database is unreachable" },
    },
  },
  { method: "get", path: "/openapi.json", operationId: "getOpenApi", summary: "This OpenAPI 3.1 document", tags: ["System"], auth: false, responses: { 200: { description: "OpenAPI document" } } },
]);
