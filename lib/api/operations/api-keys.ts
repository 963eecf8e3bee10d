import { z } from "zod";
import { defineOperation, successSchema, uuidParam } from "@/lib/api/operation";
import { apiKeyCreatedSchema, apiKeyCreateSchema, apiKeySchema } from "@/lib/schemas/api-key";
import { paginationQuerySchema, paginationSchema } from "@/lib/schemas/common";

const tags = ["API keys"];

export const listApiKeys = defineOperation({
  operationId: "listApiKeys", method: "get", path: "/api-keys", tags, permission: "api_keys.read",
  summary: "List active API keys",
  description: "Shows each key's name and prefix, never the key itself. Any member may list.",
  query: paginationQuerySchema,
  responses: { 200: { description: "API keys", schema: z.object({ api_keys: z.array(apiKeySchema), pagination: paginationSchema }) } },
});

export const createApiKey = defineOperation({
  operationId: "createApiKey", method: "post", path: "/api-keys", tags, permission: "api_keys.write",
  summary: "Create an API key",
  description: "The full key is in this response only; it is stored as a SHA-256 hash and cannot be shown again.",
  body: apiKeyCreateSchema,
  responses: { 201: { description: "Created", schema: apiKeyCreatedSchema } },
});

export const revokeApiKey = defineOperation({
  operationId: "revokeApiKey", method: "delete", path: "/api-keys/{id}", params: { id: uuidParam("API key") }, tags, permission: "api_keys.write",
  summary: "Revoke an API key",
  description: "Requests with the key answer 401 from then on.",
  responses: { 200: { description: "Deleted", schema: successSchema } },
});
