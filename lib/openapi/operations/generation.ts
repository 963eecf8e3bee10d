import { z } from "zod";
import { defineOperations } from "@/lib/openapi/registry";
import { assistantDraftRequestSchema, assistantDraftSchema } from "@/lib/schemas/generation";

export const generationOperations = defineOperations([
  {
    method: "post", path: "/assistants/generate", operationId: "generateAssistantDraft",
    summary: "Draft a system prompt and first message from a business description",
    description: "Uses the organisation's OpenAI key (BYOK) or the platform key. Nothing is saved.",
    tags: ["Assistants"], body: assistantDraftRequestSchema,
    responses: { 200: { description: "The draft", schema: z.object({ draft: assistantDraftSchema }) }, 502: { description: "The language model failed or returned an unusable draft" }, 503: { description: "No language model key is configured" } },
  },
]);
