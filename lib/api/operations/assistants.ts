import { z } from "zod";
import { aliasOf, defineOperation, successSchema, uuidParam } from "@/lib/api/operation";
import { paginationQuerySchema, paginationSchema } from "@/lib/schemas/common";
import { assistantCreateSchema, assistantSchema, assistantUpdateSchema } from "@/lib/schemas/assistant";
import { assistantDraftRequestSchema, assistantDraftSchema } from "@/lib/schemas/generation";

const tags = ["Assistants"];
/** Envelopes of one assistant and of a page of them. */
export const assistantResponseSchema = z.object({ assistant: assistantSchema });
export const assistantListSchema = z.object({ assistants: z.array(assistantSchema), pagination: paginationSchema });
const one = assistantResponseSchema;
const params = { id: uuidParam("Assistant") };

export const listAssistants = defineOperation({
  operationId: "listAssistants", method: "get", path: "/assistants", tags, permission: "assistants.read",
  summary: "List assistants",
  query: paginationQuerySchema,
  responses: { 200: { description: "Assistants", schema: assistantListSchema } },
});

export const createAssistant = defineOperation({
  operationId: "createAssistant", method: "post", path: "/assistants", tags, permission: "assistants.write",
  summary: "Create an assistant (only name is required)",
  body: assistantCreateSchema,
  responses: { 201: { description: "The assistant", schema: one } },
});

export const getAssistant = defineOperation({
  operationId: "getAssistant", method: "get", path: "/assistants/{id}", params, tags, permission: "assistants.read",
  summary: "Get an assistant",
  responses: { 200: { description: "The assistant", schema: one } },
});

export const updateAssistant = defineOperation({
  operationId: "updateAssistant", method: "patch", path: "/assistants/{id}", params, tags, permission: "assistants.write",
  summary: "Update an assistant",
  body: assistantUpdateSchema,
  responses: { 200: { description: "The assistant", schema: one } },
});

export const deleteAssistant = defineOperation({
  operationId: "deleteAssistant", method: "delete", path: "/assistants/{id}", params, tags, permission: "assistants.write",
  summary: "Delete an assistant",
  responses: { 200: { description: "Deleted", schema: successSchema } },
});

// HMS's deprecated /agents paths: the same operations, answered identically.
export const listAgents = aliasOf(listAssistants, { path: "/agents", operationId: "listAssistantsAgent" });
export const createAgent = aliasOf(createAssistant, { path: "/agents", operationId: "createAssistantAgent" });
export const getAgent = aliasOf(getAssistant, { path: "/agents/{id}", operationId: "getAssistantAgent" });
export const updateAgent = aliasOf(updateAssistant, { path: "/agents/{id}", operationId: "updateAssistantAgent" });
export const deleteAgent = aliasOf(deleteAssistant, { path: "/agents/{id}", operationId: "deleteAssistantAgent" });

export const generateAssistantDraft = defineOperation({
  operationId: "generateAssistantDraft", method: "post", path: "/assistants/generate", tags, permission: "assistants.write",
  summary: "Draft a system prompt and first message from a business description",
  description: "Uses the organisation's OpenAI key (BYOK) or the platform key. Nothing is saved.",
  body: assistantDraftRequestSchema,
  responses: { 200: { description: "The draft", schema: z.object({ draft: assistantDraftSchema }) } },
  errors: { 502: "The language model failed or returned an unusable draft", 503: "No language model key is configured" },
});
