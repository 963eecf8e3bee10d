import { z } from "zod";
import { defineOperation, successSchema, uuidParam } from "@/lib/api/operation";
import { paginationQuerySchema, paginationSchema } from "@/lib/schemas/common";
import { analysisTemplateCreateSchema, analysisTemplateSchema, analysisTemplateUpdateSchema } from "@/lib/schemas/analysis-template";

const tags = ["Analysis templates"];
export const analysisTemplateResponseSchema = z.object({ analysis_template: analysisTemplateSchema });
const one = analysisTemplateResponseSchema;
const params = { id: uuidParam("Analysis template") };
const nameTaken = "A template with this name exists";

/** HMS's AnalysisTemplateListResponse. */
export const analysisTemplateListSchema = z.object({ analysis_templates: z.array(analysisTemplateSchema), pagination: paginationSchema });

export const listAnalysisTemplates = defineOperation({
  operationId: "listAnalysisTemplates", method: "get", path: "/analysis-templates", tags, permission: "assistants.read",
  summary: "List analysis templates",
  query: paginationQuerySchema,
  responses: { 200: { description: "Analysis templates", schema: analysisTemplateListSchema } },
});

export const createAnalysisTemplate = defineOperation({
  operationId: "createAnalysisTemplate", method: "post", path: "/analysis-templates", tags, permission: "assistants.write",
  summary: "Create an analysis template",
  description: "schema must be a valid JSON Schema.",
  body: analysisTemplateCreateSchema,
  responses: { 201: { description: "The analysis template", schema: one } },
  errors: { 409: nameTaken },
});

export const getAnalysisTemplate = defineOperation({
  operationId: "getAnalysisTemplate", method: "get", path: "/analysis-templates/{id}", params, tags, permission: "assistants.read",
  summary: "Get an analysis template",
  responses: { 200: { description: "The analysis template", schema: one } },
});

export const updateAnalysisTemplate = defineOperation({
  operationId: "updateAnalysisTemplate", method: "patch", path: "/analysis-templates/{id}", params, tags, permission: "assistants.write",
  summary: "Update an analysis template",
  body: analysisTemplateUpdateSchema,
  responses: { 200: { description: "The analysis template", schema: one } },
  errors: { 409: nameTaken },
});

export const deleteAnalysisTemplate = defineOperation({
  operationId: "deleteAnalysisTemplate", method: "delete", path: "/analysis-templates/{id}", params, tags, permission: "assistants.write",
  summary: "Delete an analysis template",
  description: "Refused with 409 while an assistant's analysis_plan references it.",
  responses: { 200: { description: "Deleted", schema: successSchema } },
  errors: { 409: "Used by an assistant" },
});
