import { z } from "zod";
import { defineOperations, type Operation } from "@/lib/openapi/registry";
import { assistantCreateSchema, assistantSchema, assistantUpdateSchema } from "@/lib/schemas/assistant";
import { paginationQuerySchema, paginationSchema } from "@/lib/schemas/common";

const one = z.object({ assistant: assistantSchema });
const list = z.object({ assistants: z.array(assistantSchema), pagination: paginationSchema });
const success = z.object({ success: z.literal(true) });

function assistantOperations(base: "/assistants" | "/agents"): Operation[] {
  const deprecated = base === "/agents";
  const tag = "Assistants";
  const id = (name: string) => (deprecated ? `${name}Agent` : name);
  return [
    { method: "get", path: base, operationId: id("listAssistants"), summary: "List assistants", tags: [tag], deprecated, query: paginationQuerySchema, responses: { 200: { description: "Assistants", schema: list } } },
    { method: "post", path: base, operationId: id("createAssistant"), summary: "Create an assistant (only name is required)", tags: [tag], deprecated, body: assistantCreateSchema, responses: { 201: { description: "Created", schema: one } } },
    { method: "get", path: `${base}/{id}`, operationId: id("getAssistant"), summary: "Get an assistant", tags: [tag], deprecated, responses: { 200: { description: "The assistant", schema: one } } },
    { method: "patch", path: `${base}/{id}`, operationId: id("updateAssistant"), summary: "Update an assistant (only provided fields change)", tags: [tag], deprecated, body: assistantUpdateSchema, responses: { 200: { description: "Updated", schema: one } } },
    { method: "delete", path: `${base}/{id}`, operationId: id("deleteAssistant"), summary: "Delete an assistant", tags: [tag], deprecated, responses: { 200: { description: "Deleted", schema: success } } },
  ];
}

export const assistantOperationsList = defineOperations([...assistantOperations("/assistants"), ...assistantOperations("/agents")]);
