import { z } from "zod";
import { defineOperation, successSchema, uuidParam } from "@/lib/api/operation";
import { paginationQuerySchema, paginationSchema } from "@/lib/schemas/common";
import { toolTemplateCreateSchema, toolTemplateSchema, toolTemplateUpdateSchema } from "@/lib/schemas/tools";

const tags = ["Tool templates"];
export const toolTemplateResponseSchema = z.object({ tool_template: toolTemplateSchema });
const one = toolTemplateResponseSchema;
const params = { id: uuidParam("Tool template") };
const nameTaken = "A template with this name exists";

export const listToolTemplates = defineOperation({
  operationId: "listToolTemplates", method: "get", path: "/tool-templates", tags, permission: "assistants.read",
  summary: "List tool templates",
  query: paginationQuerySchema,
  responses: { 200: { description: "Tool templates", schema: z.object({ tool_templates: z.array(toolTemplateSchema), pagination: paginationSchema }) } },
});

export const createToolTemplate = defineOperation({
  operationId: "createToolTemplate", method: "post", path: "/tool-templates", tags, permission: "assistants.write",
  summary: "Create a tool template",
  description: "tool_config is validated for tool_type; a webhook secret in tool_config.server.secret is stored encrypted and returned masked.",
  body: toolTemplateCreateSchema,
  responses: { 201: { description: "The tool template", schema: one } },
  errors: { 409: nameTaken },
});

export const getToolTemplate = defineOperation({
  operationId: "getToolTemplate", method: "get", path: "/tool-templates/{id}", params, tags, permission: "assistants.read",
  summary: "Get a tool template",
  responses: { 200: { description: "The tool template", schema: one } },
});

export const updateToolTemplate = defineOperation({
  operationId: "updateToolTemplate", method: "patch", path: "/tool-templates/{id}", params, tags, permission: "assistants.write",
  summary: "Update a tool template",
  description: "tool_config is validated for the resulting tool_type.",
  body: toolTemplateUpdateSchema,
  responses: { 200: { description: "The tool template", schema: one } },
  errors: { 409: nameTaken },
});

export const deleteToolTemplate = defineOperation({
  operationId: "deleteToolTemplate", method: "delete", path: "/tool-templates/{id}", params, tags, permission: "assistants.write",
  summary: "Delete a tool template",
  description: "Refused with 409 while an assistant lists it in tool_template_ids.",
  responses: { 200: { description: "Deleted", schema: successSchema } },
  errors: { 409: "Used by an assistant" },
});
