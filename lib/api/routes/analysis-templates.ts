import "server-only";
import { json, parseBody, parseQuery, withOrg } from "@/lib/api/handler";
import { uuidOr404 } from "@/lib/api/params";
import { paginationQuerySchema } from "@/lib/schemas/common";
import { analysisTemplateCreateSchema, analysisTemplateUpdateSchema } from "@/lib/schemas/analysis-template";
import {
  createAnalysisTemplate,
  deleteAnalysisTemplate,
  findAnalysisTemplates,
  getAnalysisTemplateOrThrow,
  updateAnalysisTemplate,
} from "@/lib/analysis-templates/analysis-templates";

/** GET /analysis-templates — list the organisation's analysis templates. */
export const listAnalysisTemplates = withOrg(async ({ req, scope }) => {
  const { limit, offset } = parseQuery(req, paginationQuerySchema);
  const { analysisTemplates, total } = await findAnalysisTemplates(scope, { limit, offset });
  return json({ analysis_templates: analysisTemplates, pagination: { total, limit, offset } });
}, { permission: "assistants.read" });

/** POST /analysis-templates — create; names are unique per organisation (409). */
export const postAnalysisTemplate = withOrg(async ({ req, scope }) => {
  const body = await parseBody(req, analysisTemplateCreateSchema);
  return json({ analysis_template: await createAnalysisTemplate(scope, body) }, 201);
}, { permission: "assistants.write" });

/** GET /analysis-templates/{id} */
export const getAnalysisTemplate = withOrg(async ({ params, scope }) =>
  json({ analysis_template: await getAnalysisTemplateOrThrow(scope, uuidOr404(params.id, "Analysis template")) }), { permission: "assistants.read" });

/** PATCH /analysis-templates/{id} — partial update. */
export const patchAnalysisTemplate = withOrg(async ({ req, params, scope }) => {
  const id = uuidOr404(params.id, "Analysis template");
  const body = await parseBody(req, analysisTemplateUpdateSchema);
  return json({ analysis_template: await updateAnalysisTemplate(scope, id, body) });
}, { permission: "assistants.write" });

/** DELETE /analysis-templates/{id} — 409 while an assistant uses it. */
export const removeAnalysisTemplate = withOrg(async ({ params, scope }) => {
  await deleteAnalysisTemplate(scope, uuidOr404(params.id, "Analysis template"));
  return json({ success: true });
}, { permission: "assistants.write" });
