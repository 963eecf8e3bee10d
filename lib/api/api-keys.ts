import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { sha256Hex } from "@/lib/crypto";

export const API_KEY_PREFIX = "sb_live_";

export function generateApiKey(): { key: string; prefix: string; hashedKey: string } {
  const key = `${API_KEY_PREFIX}${randomBytes(24).toString("base64url")}`;
  return { key, prefix: key.slice(0, API_KEY_PREFIX.length + 6), hashedKey: sha256Hex(key) };
}

export async function createApiKey(options: { organizationId: string; name: string }) {
  const { key, prefix, hashedKey } = generateApiKey();
  const row = await db.apiKey.create({
    data: { organizationId: options.organizationId, name: options.name, prefix, hashedKey },
  });
  return { key, row };
}

// Looks up a key by its hash (null when unknown); records use at most once a minute.
// A revoked key is returned as such so the caller can say so.
export async function findApiKey(key: string) {
  const row = await db.apiKey.findUnique({ where: { hashedKey: sha256Hex(key) } });
  if (!row || row.revokedAt) return row;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return row;
}
