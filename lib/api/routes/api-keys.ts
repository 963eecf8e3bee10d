import "server-only";
import { route } from "@/lib/api/handler";
import * as op from "@/lib/api/operations/api-keys";
import { findApiKeys, issueApiKey, revokeApiKey } from "@/lib/api-keys/api-keys";

export const listApiKeys = route(op.listApiKeys, async ({ query: { limit, offset }, scope }) => {
  const { apiKeys, total } = await findApiKeys(scope, { limit, offset });
  return { api_keys: apiKeys, pagination: { total, limit, offset } };
});

/** The response is the only place the full key appears. */
export const postApiKey = route(op.createApiKey, async ({ body, scope }) => issueApiKey(scope, body));

/** The key stops working on its next request. */
export const removeApiKey = route(op.revokeApiKey, async ({ params, scope }) => {
  await revokeApiKey(scope, params.id);
  return { success: true } as const;
});
