import { z } from "zod";
import { defineOperation } from "@/lib/api/operation";

const tags = ["System"];

export const healthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  timestamp: z.string(),
  version: z.string(),
  checks: z.object({ database: z.enum(["ok", "error"]) }),
});

export const getHealth = defineOperation({
  operationId: "getHealth", method: "get", path: "/health", tags, auth: "none",
  summary: "Liveness and database check",
  responses: { 200: { description: "Healthy", schema: healthSchema }, 503: { description: "The database is unreachable", schema: healthSchema } },
});

export const getOpenApi = defineOperation({
  operationId: "getOpenApi", method: "get", path: "/openapi.json", tags, auth: "none",
  summary: "This OpenAPI 3.1 document",
  responses: { 200: { description: "OpenAPI document" } },
});
