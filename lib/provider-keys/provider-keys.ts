import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors/app-error";
import { encryptSecret, maskSecret } from "@/lib/crypto";
import type { ProviderKey as ProviderKeyRow } from "@/lib/generated/prisma/client";
import {
  byokSecretIdField,
  PROVIDER_KEY_PROVIDER_LABELS,
  PROVIDER_KEY_PROVIDERS,
  providerKeySchema,
  type ByokKeysMap,
  type ProviderKeyCreate,
  type ProviderKey,
  type ProviderKeyProvider,
} from "@/lib/schemas/provider-key";
import { PROVIDER_CATALOGUE, STAGE_PROVIDERS, STAGES, type ProviderEntry, type Stage } from "@/lib/contract/provider-catalogue";

import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";

// Row -> public object: the masked hint only; the encrypted key stays in the data layer.
export function serializeProviderKey(row: ProviderKeyRow): ProviderKey {
  return providerKeySchema.parse({
    provider: row.provider,
    key_hint: row.keyHint,
    base_url: row.baseUrl,
    last_tested_at: row.lastTestedAt?.toISOString() ?? null,
    last_test_ok: row.lastTestOk,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  });
}

/** Adds the provider's key or replaces it (a new key starts untested). */
export async function saveProviderKey(scope: OrgScope, input: ProviderKeyCreate): Promise<{ key: ProviderKey; isNew: boolean }> {
  const where = { organizationId_provider: { ...orgWhere(scope), provider: input.provider } };
  const data = {
    keyEnc: encryptSecret(input.api_key),
    keyHint: maskSecret(input.api_key),
    baseUrl: input.base_url ?? null,
    lastTestedAt: null,
    lastTestOk: null,
  };
  const existing = await db.providerKey.findUnique({ where, select: { id: true } });
  const row = await db.providerKey.upsert({
    where,
    create: { organizationId: scope.organizationId, provider: input.provider, ...data },
    update: data,
  });
  return { key: serializeProviderKey(row), isNew: !existing };
}

export async function findProviderKeys(scope: OrgScope): Promise<ProviderKey[]> {
  const rows = await db.providerKey.findMany({ where: orgWhere(scope), orderBy: { provider: "asc" } });
  return rows.map(serializeProviderKey);
}

export async function getProviderKeyRowOrThrow(scope: OrgScope, provider: ProviderKeyProvider): Promise<ProviderKeyRow> {
  const row = await db.providerKey.findFirst({ where: { ...orgWhere(scope), provider } });
  if (!row) throw notFound(`BYOK key for ${provider}`);
  return row;
}

/** The provider reverts to the platform's key. */
export async function deleteProviderKey(scope: OrgScope, provider: ProviderKeyProvider): Promise<void> {
  const { count } = await db.providerKey.deleteMany({ where: { ...orgWhere(scope), provider } });
  if (count === 0) throw notFound(`BYOK key for ${provider}`);
}

export async function recordProviderKeyTest(scope: OrgScope, provider: ProviderKeyProvider, ok: boolean): Promise<void> {
  await db.providerKey.updateMany({
    where: { ...orgWhere(scope), provider },
    data: { lastTestedAt: new Date(), lastTestOk: ok },
  });
}

/** HMS's byok_keys map: the id of each provider's stored key, null where there is none. */
export async function findProviderKeyIds(scope: OrgScope): Promise<ByokKeysMap> {
  const rows = await db.providerKey.findMany({ where: orgWhere(scope), select: { id: true, provider: true } });
  const ids = new Map(rows.map((row) => [row.provider, row.id]));
  return Object.fromEntries(PROVIDER_KEY_PROVIDERS.map((p) => [byokSecretIdField(p), ids.get(p) ?? null]));
}

const STAGE_NAMES: Record<Stage, string> = { stt: "Speech to text", llm: "Language model", tts: "Text to speech" };

/** The provider catalogue as GET /byok/config answers it, with which providers have a key. */
export async function findProviderKeyConfig(scope: OrgScope) {
  const ids = await findProviderKeyIds(scope);
  const providers = PROVIDER_KEY_PROVIDERS.map((provider) => {
    const stages = STAGES.filter((stage) => provider in PROVIDER_CATALOGUE[stage]);
    const entries = stages.map((stage) => [stage, (PROVIDER_CATALOGUE[stage] as Record<string, ProviderEntry>)[provider]!] as const);
    return {
      provider,
      name: PROVIDER_KEY_PROVIDER_LABELS[provider],
      categories: [...stages],
      models: Object.fromEntries(entries.map(([stage, entry]) => [stage, [...entry.models]])),
      requires_base_url: entries.some(([, entry]) => entry.requiresBaseUrl === true),
      configured: ids[byokSecretIdField(provider)] !== null,
    };
  });
  const categories = STAGES.map((id) => ({ id, name: STAGE_NAMES[id], providers: [...STAGE_PROVIDERS[id]] }));
  return { providers, categories };
}
