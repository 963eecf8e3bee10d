import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { sha256Hex } from "@/lib/crypto";
import { AppError, notFound } from "@/lib/errors/app-error";
import type { ApiKey as ApiKeyRow } from "@/lib/generated/prisma/client";
import { apiKeyCreateSchema, apiKeySchema, type ApiKey, type ApiKeyCreateInput } from "@/lib/schemas/api-key";
import { permissionsOfScopes, publicScopes } from "@/lib/api-keys/scopes";
import { orgWhere, type OrgScope, type Scope } from "@/lib/tenancy/scope";

// Organisation API keys: issued, listed and revoked here; looked up for authentication in
// ./authenticate.ts. A key is shown once; only its SHA-256 and a display prefix are stored.

export const API_KEY_PREFIX = "sb_live_";

export function generateApiKey(): { key: string; prefix: string; hashedKey: string } {
  const key = `${API_KEY_PREFIX}${randomBytes(24).toString("base64url")}`;
  return { key, prefix: key.slice(0, API_KEY_PREFIX.length + 6), hashedKey: sha256Hex(key) };
}

// Row -> public object: never the hash, never the key.
export function serializeApiKey(row: ApiKeyRow): ApiKey {
  return apiKeySchema.parse({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: publicScopes(row.scopes),
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
  });
}

/** Stores a new key of the organisation (no scopes: full access); the plaintext is returned once. */
export async function createApiKey(scope: OrgScope, options: { name: string; scopes?: string[] }) {
  const { key, prefix, hashedKey } = generateApiKey();
  const row = await db.apiKey.create({
    data: { organizationId: scope.organizationId, name: options.name, prefix, hashedKey, scopes: options.scopes ?? [] },
  });
  return { key, row };
}

/**
 * Issues a key for the caller. A key never holds a permission its issuer lacks, so a limited
 * key cannot mint itself a broader one.
 */
export async function issueApiKey(scope: OrgScope & Pick<Scope, "permissions">, input: ApiKeyCreateInput) {
  const { name, scopes } = apiKeyCreateSchema.parse(input);
  const beyond = [...permissionsOfScopes(scopes ?? [])].find((p) => !scope.permissions.has(p));
  if (beyond) throw new AppError("forbidden", `A key cannot be given the ${beyond} permission, which its creator does not hold`, "scopes");
  const { key, row } = await createApiKey(scope, { name, scopes });
  return { api_key: serializeApiKey(row), key };
}

/** Active keys, newest first; revoked keys are gone from the list. */
export async function findApiKeys(scope: OrgScope, options: { limit: number; offset: number }) {
  const where = { ...orgWhere(scope), revokedAt: null };
  const [rows, total] = await Promise.all([
    db.apiKey.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: options.limit, skip: options.offset }),
    db.apiKey.count({ where }),
  ]);
  return { apiKeys: rows.map(serializeApiKey), total };
}

/** Revokes an active key of the caller's organisation; takes effect on the next request. */
export async function revokeApiKey(scope: OrgScope, id: string) {
  const result = await db.apiKey.updateMany({
    where: { id, ...orgWhere(scope), revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (result.count === 0) throw notFound("API key");
}
