import { z } from "zod";
import { defineOperations } from "@/lib/openapi/registry";
import {
  byokCreateSchema,
  byokListSchema,
  byokOneSchema,
  byokProviderBodySchema,
  byokTestResultSchema,
} from "@/lib/schemas/byok";

const success = z.object({ success: z.literal(true) });
const tags = ["BYOK"];

export const byokOperations = defineOperations([
  { method: "get", path: "/byok", operationId: "listByokKeys", summary: "List the organisation's provider keys (masked)", tags, responses: { 200: { description: "Keys, masked", schema: byokListSchema } } },
  { method: "post", path: "/byok", operationId: "saveByokKey", summary: "Add or replace a provider key", description: "201 when the provider had no key, 200 when an existing key was replaced (a replaced key starts untested). Admins and owners only.", tags, body: byokCreateSchema, responses: { 201: { description: "Added", schema: byokOneSchema }, 200: { description: "Replaced", schema: byokOneSchema } } },
  { method: "delete", path: "/byok", operationId: "deleteByokKey", summary: "Delete a provider key (body { provider }); the platform key applies again", tags, body: byokProviderBodySchema, responses: { 200: { description: "Deleted", schema: success }, 404: { description: "No key stored for this provider" } } },
  { method: "delete", path: "/byok/{provider}", operationId: "deleteByokKeyByProvider", summary: "Delete a provider key by provider name", tags, responses: { 200: { description: "Deleted", schema: success } } },
  { method: "post", path: "/byok/test", operationId: "testByokKey", summary: "Call the provider with the stored key", description: "Answers 200 with ok=false when the provider rejects the key, is unreachable, or cannot be tested yet.", tags, body: byokProviderBodySchema, responses: { 200: { description: "Outcome of the test", schema: byokTestResultSchema }, 404: { description: "No key stored for this provider" } } },
]);
