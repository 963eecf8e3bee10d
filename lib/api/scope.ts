import "server-only";
import { ApiError } from "@/lib/api/errors";
import { findApiKey } from "@/lib/api/api-keys";
import { getPortalSession } from "@/lib/auth/session";
import type { MembershipRole } from "@/lib/generated/prisma/client";

// Who is calling and on behalf of which organisation.
export type Scope = {
  organizationId: string;
  role: MembershipRole;
  actor: { kind: "user"; userId: string } | { kind: "api_key"; apiKeyId: string };
};

export async function resolveScope(req: Request): Promise<Scope> {
  const header = req.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new ApiError("unauthorized", "Malformed Authorization header; expected 'Bearer <api key>'");
    const key = await findApiKey(match[1]);
    if (!key) throw new ApiError("unauthorized", "Invalid API key");
    if (key.revokedAt) throw new ApiError("api_key_revoked", "This API key has been revoked");
    // Organisation API keys act with admin rights within their organisation.
    return { organizationId: key.organizationId, role: "admin", actor: { kind: "api_key", apiKeyId: key.id } };
  }
  // Without a session cookie there is nothing for next-auth to decode.
  if (!/(^|;\s*)(__Secure-)?next-auth\.session-token(\.\d+)?=/.test(req.headers.get("cookie") ?? "")) {
    throw new ApiError("unauthorized", "Missing API key or session");
  }
  const session = await getPortalSession();
  if (!session) throw new ApiError("unauthorized", "Missing API key or session");
  return { organizationId: session.organizationId, role: session.role, actor: { kind: "user", userId: session.userId } };
}

const rank: Record<MembershipRole, number> = { member: 0, admin: 1, owner: 2 };

export function requireRole(scope: Scope, minimum: MembershipRole) {
  if (rank[scope.role] < rank[minimum]) {
    throw new ApiError("forbidden", `This action requires the ${minimum} role`);
  }
}
