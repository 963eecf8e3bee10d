import { z } from "zod";
import { defineOperations } from "@/lib/openapi/registry";
import { apiKeyCreatedSchema, apiKeyCreateSchema, apiKeySchema } from "@/lib/schemas/api-key";
import { paginationQuerySchema, paginationSchema } from "@/lib/schemas/common";

const tags = ["API keys"];

export const apiKeyOperations = defineOperations([
  { method: "get", path: "/api-keys", operationId: "listApiKeys", summary: "List active API keys", description: "Shows each key's name and prefix, never the key itself. Any member may list.", tags, query: paginationQuerySchema, responses: { 200: { description: "API keys", schema: z.object({ api_keys: z.array(apiKeySchema), pagination: paginationSchema }) } } },
  { method: "post", path: "/api-keys", operationId: "createApiKey", summary: "Create an API key (owner or admin)", description: "The full key is in this response only; it is stored as a SHA-256 hash and cannot be shown again.", tags, body: apiKeyCreateSchema, responses: { 201: { description: "Created", schema: apiKeyCreatedSchema } } },
  { method: "delete", path: "/api-keys/{id}", operationId: "revokeApiKey", summary: "Revoke an API key (owner or admin)", description: "Requests with the key answer 401 from then on.", tags, responses: { 200: { description: "Revoked", schema: z.object({ success: z.literal(true) }) } } },
]);
