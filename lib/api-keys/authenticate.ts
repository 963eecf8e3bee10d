import "server-only";
import { db } from "@/lib/db";
import { sha256Hex } from "@/lib/crypto";
import { AppError } from "@/lib/errors/app-error";
import { permissionsOfScopes } from "@/lib/api-keys/scopes";
import type { Permission } from "@/lib/tenancy/permissions";

export type AuthenticatedApiKey = { id: string; organizationId: string; permissions: ReadonlySet<Permission> };

/**
 * The key behind a Bearer token, with the permissions its scopes grant. Unknown keys are
 * `unauthorized`, revoked ones `api_key_revoked`. Use is recorded at most once a minute.
 * The lookup is by hash, before any organisation is known: it is what establishes one.
 */
export async function authenticateApiKey(token: string): Promise<AuthenticatedApiKey> {
  const row = await db.apiKey.findUnique({ where: { hashedKey: sha256Hex(token) } });
  if (!row) throw new AppError("unauthorized", "Invalid API key");
  if (row.revokedAt) throw new AppError("api_key_revoked", "This API key has been revoked");
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { id: row.id, organizationId: row.organizationId, permissions: permissionsOfScopes(row.scopes) };
}
