import { defineOperation } from "@/lib/api/operation";
import { byokConfigSchema, providerKeyCreateSchema, providerKeyDeletedSchema, providerKeyListSchema, providerKeyOneSchema, providerKeyProviderBodySchema, providerKeyProviderSchema, providerKeyTestResultSchema } from "@/lib/schemas/provider-key";

// BYOK ("bring your own key") is HMS's name for provider keys: the public paths, operation ids,
// tag and wire fields keep it; the code says provider keys.
// Members may see which providers have keys (masked); only admins and owners change or test them.
const tags = ["BYOK"];
const noKey = "No key stored for this provider";

export const listByokKeys = defineOperation({
  operationId: "listByokKeys", method: "get", path: "/byok", tags, permission: "provider_keys.read",
  summary: "List the organisation's provider keys (masked)",
  description: "byok_keys is HMS's map of <provider>_secret_id (the stored key's id, or null); keys lists the stored keys with their hints and last test.",
  responses: { 200: { description: "Keys, masked", schema: providerKeyListSchema } },
});

export const getByokConfig = defineOperation({
  operationId: "getByokConfig", method: "get", path: "/byok/config", tags, permission: "provider_keys.read",
  summary: "The provider catalogue: providers, the stages they serve, their models, and which have a key",
  responses: { 200: { description: "Providers and categories", schema: byokConfigSchema } },
});

export const saveByokKey = defineOperation({
  operationId: "saveByokKey", method: "post", path: "/byok", tags, permission: "provider_keys.write",
  summary: "Add or replace a provider key",
  description: "201 when the provider had no key, 200 when an existing key was replaced (a replaced key starts untested).",
  body: providerKeyCreateSchema,
  responses: { 200: { description: "Replaced", schema: providerKeyOneSchema }, 201: { description: "Added", schema: providerKeyOneSchema } },
});

export const deleteByokKey = defineOperation({
  operationId: "deleteByokKey", method: "delete", path: "/byok", tags, permission: "provider_keys.write",
  summary: "Delete a provider key (body { provider }); the platform key applies again",
  body: providerKeyProviderBodySchema,
  responses: { 200: { description: "Deleted; byok_keys as after the deletion", schema: providerKeyDeletedSchema } },
  errors: { 404: noKey },
});

export const deleteByokKeyByProvider = defineOperation({
  operationId: "deleteByokKeyByProvider", method: "delete", path: "/byok/{provider}", tags, permission: "provider_keys.write",
  params: { provider: { schema: providerKeyProviderSchema, notFound: "BYOK key" } },
  summary: "Delete a provider key by provider name",
  responses: { 200: { description: "Deleted; byok_keys as after the deletion", schema: providerKeyDeletedSchema } },
  errors: { 404: `${noKey}, or an unknown provider` },
});

export const testByokKey = defineOperation({
  operationId: "testByokKey", method: "post", path: "/byok/test", tags, permission: "provider_keys.write",
  summary: "Call the provider with the stored key",
  description: "Answers 200 with ok=false when the provider rejects the key, is unreachable, or cannot be tested yet.",
  body: providerKeyProviderBodySchema,
  responses: { 200: { description: "Outcome of the test", schema: providerKeyTestResultSchema } },
  errors: { 404: noKey },
});
