import "server-only";
import { json, parseBody, withOrg } from "@/lib/api/handler";
import { notFound } from "@/lib/errors/app-error";
import { byokCreateSchema, byokProviderBodySchema, isByokProvider, type ByokProvider } from "@/lib/schemas/byok";
import { deleteProviderKey, findProviderKeys, saveProviderKey } from "@/lib/byok/keys";
import { testProviderKey } from "@/lib/byok/test-key";

// Members may see which providers have keys (masked); only admins and owners change or test them.

const providerOr404 = (value: string | undefined): ByokProvider => {
  if (!isByokProvider(value)) throw notFound("BYOK key");
  return value;
};

/** GET /byok — the organisation's provider keys, masked. */
export const listByokKeys = withOrg(async ({ scope }) => json({ byok_keys: await findProviderKeys(scope) }), { permission: "provider_keys.read" });

/** POST /byok — add (201) or replace (200) the organisation's key for a provider. */
export const postByokKey = withOrg(async ({ req, scope }) => {
  const body = await parseBody(req, byokCreateSchema);
  const { key, isNew } = await saveProviderKey(scope, body);
  return json({ byok_key: key }, isNew ? 201 : 200);
}, { permission: "provider_keys.write" });

/** DELETE /byok — body { provider } (HMS style); the provider reverts to the platform key. */
export const deleteByokKey = withOrg(async ({ req, scope }) => {
  const { provider } = await parseBody(req, byokProviderBodySchema);
  await deleteProviderKey(scope, provider);
  return json({ success: true });
}, { permission: "provider_keys.write" });

/** DELETE /byok/{provider} — the same, with the provider in the path. */
export const deleteByokKeyByProvider = withOrg(async ({ params, scope }) => {
  await deleteProviderKey(scope, providerOr404(params.provider));
  return json({ success: true });
}, { permission: "provider_keys.write" });

/** POST /byok/test — body { provider }: calls the provider with the stored key. */
export const testByokKey = withOrg(async ({ req, scope }) => {
  const { provider } = await parseBody(req, byokProviderBodySchema);
  return json(await testProviderKey(scope, provider));
}, { permission: "provider_keys.write" });
