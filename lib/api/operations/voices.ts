import { defineOperation } from "@/lib/api/operation";
import { voiceListQuerySchema, voiceListSchema } from "@/lib/schemas/voice";

export const listVoices = defineOperation({
  operationId: "listVoices", method: "get", path: "/voices", tags: ["Voices"], permission: "assistants.read",
  summary: "List the curated voice catalogue",
  query: voiceListQuerySchema,
  responses: { 200: { description: "Voices", schema: voiceListSchema } },
});
