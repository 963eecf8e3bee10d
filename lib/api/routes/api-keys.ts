import "server-only";
import { json, parseBody, parseQuery, withOrg } from "@/lib/api/handler";
import { uuidOr404 } from "@/lib/api/params";
import { paginationQuerySchema } from "@/lib/schemas/common";
import { apiKeyCreateSchema } from "@/lib/schemas/api-key";
import { findApiKeys, issueApiKey, revokeApiKey } from "@/lib/api-keys/api-keys";

/** GET /api-keys — the organisation's active keys (prefix only); members may list. */
export const listApiKeys = withOrg(async ({ req, scope }) => {
  const { limit, offset } = parseQuery(req, paginationQuerySchema);
  const { apiKeys, total } = await findApiKeys(scope, { limit, offset });
  return json({ api_keys: apiKeys, pagination: { total, limit, offset } });
}, { permission: "api_keys.read" });

/** POST /api-keys — create; the response is the only place the full key appears. */
export const postApiKey = withOrg(async ({ req, scope }) => {
  const body = await parseBody(req, apiKeyCreateSchema);
  return json(await issueApiKey(scope, body), 201);
}, { permission: "api_keys.write" });

/** DELETE /api-keys/{id} — revoke; the key stops working on its next request. */
export const removeApiKey = withOrg(async ({ params, scope }) => {
  await revokeApiKey(scope, uuidOr404(params.id, "API key"));
  return json({ success: true });
}, { permission: "api_keys.write" });
