import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors/app-error";
import { createApiKey } from "@/lib/api/api-keys";
import type { ApiKey as ApiKeyRow } from "@/lib/generated/prisma/client";
import { apiKeyCreateSchema, apiKeySchema, type ApiKey, type ApiKeyCreateInput } from "@/lib/schemas/api-key";

import type { OrgScope } from "@/lib/tenancy/scope";

// Row -> public object: never the hash, never the key.
export function serializeApiKey(row: ApiKeyRow): ApiKey {
  return apiKeySchema.parse({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
  });
}

/** Creates a key; the plaintext is returned here once and only its SHA-256 is stored. */
export async function issueApiKey(scope: OrgScope, input: ApiKeyCreateInput) {
  const { name } = apiKeyCreateSchema.parse(input);
  const { key, row } = await createApiKey({ organizationId: scope.organizationId, name });
  return { api_key: serializeApiKey(row), key };
}

/** Active keys, newest first; revoked keys are gone from the list. */
export async function findApiKeys(scope: OrgScope, options: { limit: number; offset: number }) {
  const where = { organizationId: scope.organizationId, revokedAt: null };
  const [rows, total] = await Promise.all([
    db.apiKey.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: options.limit, skip: options.offset }),
    db.apiKey.count({ where }),
  ]);
  return { apiKeys: rows.map(serializeApiKey), total };
}

/** Revokes an active key of the caller's organisation; takes effect on the next request. */
export async function revokeApiKey(scope: OrgScope, id: string) {
  const result = await db.apiKey.updateMany({
    where: { id, organizationId: scope.organizationId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (result.count === 0) throw notFound("API key");
}
