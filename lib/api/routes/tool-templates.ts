import "server-only";
import { route } from "@/lib/api/handler";
import * as op from "@/lib/api/operations/tool-templates";
import {
  createToolTemplate,
  deleteToolTemplate,
  findToolTemplates,
  getToolTemplateOrThrow,
  updateToolTemplate,
} from "@/lib/tool-templates/tool-templates";

export const listToolTemplates = route(op.listToolTemplates, async ({ query: { limit, offset }, scope }) => {
  const { toolTemplates, total } = await findToolTemplates(scope, { limit, offset });
  return { tool_templates: toolTemplates, pagination: { total, limit, offset } };
});

export const postToolTemplate = route(op.createToolTemplate, async ({ body, scope }) => ({ tool_template: await createToolTemplate(scope, body) }));

export const getToolTemplate = route(op.getToolTemplate, async ({ params, scope }) => ({ tool_template: await getToolTemplateOrThrow(scope, params.id) }));

export const patchToolTemplate = route(op.updateToolTemplate, async ({ params, body, scope }) => ({
  tool_template: await updateToolTemplate(scope, params.id, body),
}));

export const removeToolTemplate = route(op.deleteToolTemplate, async ({ params, scope }) => {
  await deleteToolTemplate(scope, params.id);
  return { success: true } as const;
});
