import "server-only";
import { route } from "@/lib/api/handler";
import * as op from "@/lib/api/operations/provider-keys";
import { deleteProviderKey, findProviderKeyConfig, findProviderKeyIds, findProviderKeys, saveProviderKey } from "@/lib/provider-keys/provider-keys";
import { testProviderKey } from "@/lib/provider-keys/test-key";

// HMS's SDK reads byok_keys as a map of key ids; the portal reads the masked list (keys, byok_key).
export const listProviderKeys = route(op.listByokKeys, async ({ scope }) => {
  const [keys, ids] = await Promise.all([findProviderKeys(scope), findProviderKeyIds(scope)]);
  return { byok_keys: ids, keys };
});

export const getProviderKeyConfig = route(op.getByokConfig, async ({ scope }) => findProviderKeyConfig(scope));

export const postProviderKey = route(op.saveByokKey, async ({ body, scope, reply }) => {
  const { key, isNew } = await saveProviderKey(scope, body);
  return reply(isNew ? 201 : 200, { success: true, byok_keys: await findProviderKeyIds(scope), byok_key: key });
});

/** HMS style: the provider in the body; it reverts to the platform key. */
export const removeProviderKey = route(op.deleteByokKey, async ({ body, scope }) => {
  await deleteProviderKey(scope, body.provider);
  return { success: true, byok_keys: await findProviderKeyIds(scope) } as const;
});

export const removeProviderKeyByProvider = route(op.deleteByokKeyByProvider, async ({ params, scope }) => {
  await deleteProviderKey(scope, params.provider);
  return { success: true, byok_keys: await findProviderKeyIds(scope) } as const;
});

export const postProviderKeyTest = route(op.testByokKey, async ({ body, scope }) => testProviderKey(scope, body.provider));
