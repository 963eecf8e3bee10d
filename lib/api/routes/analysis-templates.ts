import "server-only";
import { route } from "@/lib/api/handler";
import * as op from "@/lib/api/operations/analysis-templates";
import {
  createAnalysisTemplate,
  deleteAnalysisTemplate,
  findAnalysisTemplates,
  getAnalysisTemplateOrThrow,
  updateAnalysisTemplate,
} from "@/lib/analysis-templates/analysis-templates";

export const listAnalysisTemplates = route(op.listAnalysisTemplates, async ({ query: { limit, offset }, scope }) => {
  const { analysisTemplates, total } = await findAnalysisTemplates(scope, { limit, offset });
  return { analysis_templates: analysisTemplates, pagination: { total, limit, offset } };
});

export const postAnalysisTemplate = route(op.createAnalysisTemplate, async ({ body, scope }) => ({
  analysis_template: await createAnalysisTemplate(scope, body),
}));

export const getAnalysisTemplate = route(op.getAnalysisTemplate, async ({ params, scope }) => ({
  analysis_template: await getAnalysisTemplateOrThrow(scope, params.id),
}));

export const patchAnalysisTemplate = route(op.updateAnalysisTemplate, async ({ params, body, scope }) => ({
  analysis_template: await updateAnalysisTemplate(scope, params.id, body),
}));

export const removeAnalysisTemplate = route(op.deleteAnalysisTemplate, async ({ params, scope }) => {
  await deleteAnalysisTemplate(scope, params.id);
  return { success: true } as const;
});
