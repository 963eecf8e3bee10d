import "server-only";
import { json, parseBody, parseQuery, withOrg } from "@/lib/api/handler";
import { uuidOr404 } from "@/lib/api/params";
import { paginationQuerySchema } from "@/lib/schemas/common";
import { toolTemplateCreateSchema, toolTemplateUpdateSchema } from "@/lib/schemas/tools";
import {
  createToolTemplate,
  deleteToolTemplate,
  findToolTemplates,
  getToolTemplateOrThrow,
  updateToolTemplate,
} from "@/lib/tool-templates/tool-templates";

/** GET /tool-templates — list the organisation's tool templates. */
export const listToolTemplates = withOrg(async ({ req, scope }) => {
  const { limit, offset } = parseQuery(req, paginationQuerySchema);
  const { toolTemplates, total } = await findToolTemplates(scope, { limit, offset });
  return json({ tool_templates: toolTemplates, pagination: { total, limit, offset } });
}, { permission: "assistants.read" });

/** POST /tool-templates — create; names are unique per organisation (409). */
export const postToolTemplate = withOrg(async ({ req, scope }) => {
  const body = await parseBody(req, toolTemplateCreateSchema);
  return json({ tool_template: await createToolTemplate(scope, body) }, 201);
}, { permission: "assistants.write" });

/** GET /tool-templates/{id} */
export const getToolTemplate = withOrg(async ({ params, scope }) =>
  json({ tool_template: await getToolTemplateOrThrow(scope, uuidOr404(params.id, "Tool template")) }), { permission: "assistants.read" });

/** PATCH /tool-templates/{id} — partial update; tool_config is validated for the resulting tool_type. */
export const patchToolTemplate = withOrg(async ({ req, params, scope }) => {
  const id = uuidOr404(params.id, "Tool template");
  const body = await parseBody(req, toolTemplateUpdateSchema);
  return json({ tool_template: await updateToolTemplate(scope, id, body) });
}, { permission: "assistants.write" });

/** DELETE /tool-templates/{id} — 409 while an assistant uses it. */
export const removeToolTemplate = withOrg(async ({ params, scope }) => {
  await deleteToolTemplate(scope, uuidOr404(params.id, "Tool template"));
  return json({ success: true });
}, { permission: "assistants.write" });
