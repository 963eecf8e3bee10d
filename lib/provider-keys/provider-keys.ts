import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors/app-error";
import { encryptSecret, maskSecret } from "@/lib/crypto";
import type { ProviderKey as ProviderKeyRow } from "@/lib/generated/prisma/client";
import { providerKeySchema, type ProviderKeyCreate, type ProviderKey, type ProviderKeyProvider } from "@/lib/schemas/provider-key";

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
