import { z } from "zod";
import { defineOperations } from "@/lib/openapi/registry";
import { paginationQuerySchema, paginationSchema } from "@/lib/schemas/common";
import { toolTemplateCreateSchema, toolTemplateSchema, toolTemplateUpdateSchema } from "@/lib/schemas/tools";

const one = z.object({ tool_template: toolTemplateSchema });
const list = z.object({ tool_templates: z.array(toolTemplateSchema), pagination: paginationSchema });
const success = z.object({ success: z.literal(true) });
const tags = ["Tool templates"];

export const toolTemplateOperations = defineOperations([
  { method: "get", path: "/tool-templates", operationId: "listToolTemplates", summary: "List tool templates", tags, query: paginationQuerySchema, responses: { 200: { description: "Tool templates", schema: list } } },
  { method: "post", path: "/tool-templates", operationId: "createToolTemplate", summary: "Create a tool template", description: "tool_config is validated for tool_type; a webhook secret in tool_config.server.secret is stored encrypted and returned masked. 409 when the name is taken.", tags, body: toolTemplateCreateSchema, responses: { 201: { description: "Created", schema: one }, 409: { description: "A template with this name exists" } } },
  { method: "get", path: "/tool-templates/{id}", operationId: "getToolTemplate", summary: "Get a tool template", tags, responses: { 200: { description: "The tool template", schema: one } } },
  { method: "patch", path: "/tool-templates/{id}", operationId: "updateToolTemplate", summary: "Update a tool template (only provided fields change)", tags, body: toolTemplateUpdateSchema, responses: { 200: { description: "Updated", schema: one }, 409: { description: "A template with this name exists" } } },
  { method: "delete", path: "/tool-templates/{id}", operationId: "deleteToolTemplate", summary: "Delete a tool template", description: "Refused with 409 while an assistant lists it in tool_template_ids.", tags, responses: { 200: { description: "Deleted", schema: success }, 409: { description: "Used by an assistant" } } },
]);
