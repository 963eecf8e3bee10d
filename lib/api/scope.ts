import "server-only";
import { AppError } from "@/lib/errors/app-error";
import { findApiKey } from "@/lib/api/api-keys";
import { getPortalSession } from "@/lib/auth/session";
import { PERMISSIONS, permissionsOfRole } from "@/lib/tenancy/permissions";
import type { Scope } from "@/lib/tenancy/scope";

export type { Scope } from "@/lib/tenancy/scope";

export async function resolveScope(req: Request): Promise<Scope> {
  const header = req.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new AppError("unauthorized", "Malformed Authorization header; expected 'Bearer <api key>'");
    const key = await findApiKey(match[1]);
    if (!key) throw new AppError("unauthorized", "Invalid API key");
    if (key.revokedAt) throw new AppError("api_key_revoked", "This API key has been revoked");
    // Organisation API keys act with every permission within their organisation.
    return {
      principal: { kind: "api_key", apiKeyId: key.id },
      homeOrganizationId: key.organizationId,
      organizationId: key.organizationId,
      permissions: new Set(PERMISSIONS),
    };
  }
  // Without a session cookie there is nothing for next-auth to decode.
  if (!/(^|;\s*)(__Secure-)?next-auth\.session-token(\.\d+)?=/.test(req.headers.get("cookie") ?? "")) {
    throw new AppError("unauthorized", "Missing API key or session");
  }
  const session = await getPortalSession();
  if (!session) throw new AppError("unauthorized", "Missing API key or session");
  return {
    principal: { kind: "user", userId: session.userId },
    homeOrganizationId: session.organizationId,
    organizationId: session.organizationId,
    permissions: permissionsOfRole(session.role),
  };
}
