import { defineOperations } from "@/lib/openapi/registry";
import { voiceListQuerySchema, voiceListSchema } from "@/lib/schemas/voice";

export const voiceOperations = defineOperations([
  { method: "get", path: "/voices", operationId: "listVoices", summary: "List the curated voice catalogue", tags: ["Voices"], query: voiceListQuerySchema, responses: { 200: { description: "Voices", schema: voiceListSchema } } },
]);
