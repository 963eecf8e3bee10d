import { z } from "zod";
import { defineOperations } from "@/lib/openapi/registry";
import { paginationQuerySchema, paginationSchema } from "@/lib/schemas/common";
import { analysisTemplateCreateSchema, analysisTemplateSchema, analysisTemplateUpdateSchema } from "@/lib/schemas/analysis-template";

const one = z.object({ analysis_template: analysisTemplateSchema });
const list = z.object({ analysis_templates: z.array(analysisTemplateSchema), pagination: paginationSchema });
const success = z.object({ success: z.literal(true) });
const tags = ["Analysis templates"];

export const analysisTemplateOperations = defineOperations([
  { method: "get", path: "/analysis-templates", operationId: "listAnalysisTemplates", summary: "List analysis templates", tags, query: paginationQuerySchema, responses: { 200: { description: "Analysis templates", schema: list } } },
  { method: "post", path: "/analysis-templates", operationId: "createAnalysisTemplate", summary: "Create an analysis template", description: "schema must be a valid JSON Schema. 409 when the name is taken.", tags, body: analysisTemplateCreateSchema, responses: { 201: { description: "Created", schema: one }, 409: { description: "A template with this name exists" } } },
  { method: "get", path: "/analysis-templates/{id}", operationId: "getAnalysisTemplate", summary: "Get an analysis template", tags, responses: { 200: { description: "The analysis template", schema: one } } },
  { method: "patch", path: "/analysis-templates/{id}", operationId: "updateAnalysisTemplate", summary: "Update an analysis template (only provided fields change)", tags, body: analysisTemplateUpdateSchema, responses: { 200: { description: "Updated", schema: one }, 409: { description: "A template with this name exists" } } },
  { method: "delete", path: "/analysis-templates/{id}", operationId: "deleteAnalysisTemplate", summary: "Delete an analysis template", description: "Refused with 409 while an assistant's analysis_plan references it.", tags, responses: { 200: { description: "Deleted", schema: success }, 409: { description: "Used by an assistant" } } },
]);
