import { z } from "zod";
import type { Operation } from "@/lib/openapi/registry";
import { assistantOperationsList } from "@/lib/openapi/operations/assistants";
import { callOperations } from "@/lib/openapi/operations/calls";
import { systemOperations } from "@/lib/openapi/operations/system";
import { apiKeyOperations } from "@/lib/openapi/operations/api-keys";
import { byokOperations } from "@/lib/openapi/operations/byok";
import { voiceOperations } from "@/lib/openapi/operations/voices";
import { organizationOperations } from "@/lib/openapi/operations/organizations";
import { generationOperations } from "@/lib/openapi/operations/generation";
import { toolTemplateOperations } from "@/lib/openapi/operations/tool-templates";
import { analysisTemplateOperations } from "@/lib/openapi/operations/analysis-templates";
import { usageOperations } from "@/lib/openapi/operations/usage";
import { webhookOperations } from "@/lib/openapi/operations/webhooks";
import pkg from "@/package.json" with { type: "json" };

// Add each resource's operations here.
export const operations: Operation[] = [...systemOperations, ...assistantOperationsList, ...callOperations, ...apiKeyOperations, ...byokOperations, ...voiceOperations, ...organizationOperations, ...generationOperations, ...toolTemplateOperations, ...analysisTemplateOperations, ...webhookOperations, ...usageOperations];

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message", "type"],
      properties: {
        code: { type: "string", description: "Stable machine-readable code, e.g. validation_error" },
        message: { type: "string" },
        param: { type: ["string", "null"], description: "Dotted path of the offending field" },
        type: { type: "string" },
      },
    },
  },
};
const errorRef = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

function rateLimitHeaders(withRetryAfter: boolean) {
  const integer = (description: string) => ({ description, schema: { type: "integer" } });
  return {
    "X-RateLimit-Limit": integer("Requests allowed per minute"),
    "X-RateLimit-Remaining": integer("Requests left in the current minute"),
    "X-RateLimit-Reset": integer("When the window resets (unix seconds)"),
    ...(withRetryAfter ? { "Retry-After": integer("Seconds to wait before retrying") } : {}),
  };
}

const toJson = (schema: z.ZodType, io: "input" | "output") =>
  z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" });

function queryParameters(schema: z.ZodType) {
  const json = toJson(schema, "input") as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name, in: "query", required: json.required?.includes(name) ?? false, schema: s,
  }));
}

function toOperation(op: Operation) {
  const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(op.responses)) {
    responses[status] = r.schema ? { description: r.description, content: { "application/json": { schema: toJson(r.schema, "output") } } } : { description: r.description };
  }
  if (op.body || op.query) responses["400"] ??= errorRef("Malformed request");
  if (op.body || op.query) responses["422"] ??= errorRef("Invalid field (see error.param)");
  if (op.auth !== false) {
    responses["401"] ??= errorRef("Missing or invalid API key");
    responses["403"] ??= errorRef("The caller's role may not do this");
    responses["429"] ??= errorRef("Rate limit exceeded (see Retry-After)");
    if (op.path.includes("{")) responses["404"] ??= errorRef("Not found (also for other organisations' ids)");
  }
  responses["500"] ??= errorRef("Unexpected error");
  if (op.auth !== false) {
    // Every response after authentication carries the caller's rate-limit state.
    for (const [status, response] of Object.entries(responses)) {
      if (status !== "401" && status !== "500") responses[status] = { ...(response as object), headers: rateLimitHeaders(status === "429") };
    }
  }
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: op.tags,
    ...(op.deprecated ? { deprecated: true } : {}),
    ...(op.auth === false ? { security: [] } : {}),
    parameters: [...pathParams, ...(op.query ? queryParameters(op.query) : [])],
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: toJson(op.body, "input") } } } } : {}),
    responses,
  };
}

export function buildOpenApiDocument(serverUrl = "/api/v1") {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) (paths[op.path] ??= {})[op.method] = toOperation(op);
  return {
    openapi: "3.1.0",
    info: { title: "Switchboard API", version: pkg.version, description: "HMS Sovereign compatible voice-AI agent API." },
    servers: [{ url: serverUrl }],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "Organisation API key (sb_live_…)" } },
      schemas: { Error: errorSchema },
    },
  };
}
