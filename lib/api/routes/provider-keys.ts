import "server-only";
import { route } from "@/lib/api/handler";
import * as op from "@/lib/api/operations/byok";
import { deleteProviderKey, findProviderKeys, saveProviderKey } from "@/lib/byok/keys";
import { testProviderKey } from "@/lib/byok/test-key";

export const listByokKeys = route(op.listByokKeys, async ({ scope }) => ({ byok_keys: await findProviderKeys(scope) }));

export const postByokKey = route(op.saveByokKey, async ({ body, scope, reply }) => {
  const { key, isNew } = await saveProviderKey(scope, body);
  return reply(isNew ? 201 : 200, { byok_key: key });
});

/** HMS style: the provider in the body; it reverts to the platform key. */
export const deleteByokKey = route(op.deleteByokKey, async ({ body, scope }) => {
  await deleteProviderKey(scope, body.provider);
  return { success: true } as const;
});

export const deleteByokKeyByProvider = route(op.deleteByokKeyByProvider, async ({ params, scope }) => {
  await deleteProviderKey(scope, params.provider);
  return { success: true } as const;
});

export const testByokKey = route(op.testByokKey, async ({ body, scope }) => testProviderKey(scope, body.provider));
