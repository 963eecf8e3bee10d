import "server-only";
import { json, parseBody, parseQuery, withOrg } from "@/lib/api/handler";
import { paginationQuerySchema } from "@/lib/schemas/common";
import { assistantCreateSchema, assistantUpdateSchema } from "@/lib/schemas/assistant";
import {
  createAssistant,
  deleteAssistant,
  findAssistants,
  getAssistantOrThrow,
  updateAssistant,
} from "@/lib/assistants/assistants";
import { uuidOr404 } from "@/lib/api/params";

// Handlers shared by /assistants and the deprecated /agents alias.

/** GET /assistants — list the organisation's assistants. */
export const listAssistants = withOrg(async ({ req, scope }) => {
  const { limit, offset } = parseQuery(req, paginationQuerySchema);
  const { assistants, total } = await findAssistants(scope, { limit, offset });
  return json({ assistants, pagination: { total, limit, offset } });
}, { permission: "assistants.read" });

/** POST /assistants — create; only `name` is required. */
export const postAssistant = withOrg(async ({ req, scope }) => {
  const body = await parseBody(req, assistantCreateSchema);
  return json({ assistant: await createAssistant(scope, body) }, 201);
}, { permission: "assistants.write" });

/** GET /assistants/{id} */
export const getAssistant = withOrg(async ({ params, scope }) =>
  json({ assistant: await getAssistantOrThrow(scope, uuidOr404(params.id, "Assistant")) }), { permission: "assistants.read" });

/** PATCH /assistants/{id} — partial update. */
export const patchAssistant = withOrg(async ({ req, params, scope }) => {
  const id = uuidOr404(params.id, "Assistant");
  const body = await parseBody(req, assistantUpdateSchema);
  return json({ assistant: await updateAssistant(scope, id, body) });
}, { permission: "assistants.write" });

/** DELETE /assistants/{id} */
export const removeAssistant = withOrg(async ({ params, scope }) => {
  await deleteAssistant(scope, uuidOr404(params.id, "Assistant"));
  return json({ success: true });
}, { permission: "assistants.write" });
