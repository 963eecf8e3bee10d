import "server-only";
import { AppError } from "@/lib/errors/app-error";
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { getPortalSession } from "@/lib/auth/session";
import { permissionsOfRole } from "@/lib/tenancy/permissions";
import { ORGANIZATION_HEADER, resolveActingOrganization } from "@/lib/tenancy/organization-tree";
import type { Scope } from "@/lib/tenancy/scope";

export type { Scope } from "@/lib/tenancy/scope";

/** Who is calling, before the organisation it acts on is known. */
export type Caller = Omit<Scope, "organizationId">;

/** Who is calling: a Bearer API key, else the portal session cookie. */
export async function resolveCaller(req: Request): Promise<Caller> {
  const header = req.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new AppError("unauthorized", "Malformed Authorization header; expected 'Bearer <api key>'");
    const key = await authenticateApiKey(match[1]);
    return { principal: { kind: "api_key", apiKeyId: key.id }, homeOrganizationId: key.organizationId, permissions: key.permissions };
  }
  // Without a session cookie there is nothing for next-auth to decode.
  if (!/(^|;\s*)(__Secure-)?next-auth\.session-token(\.\d+)?=/.test(req.headers.get("cookie") ?? "")) {
    throw new AppError("unauthorized", "Missing API key or session");
  }
  const session = await getPortalSession();
  if (!session) throw new AppError("unauthorized", "Missing API key or session");
  if (session.approvalPending) throw new AppError("forbidden", "This account is waiting for approval by the portal's operator");
  return { principal: { kind: "user", userId: session.userId }, homeOrganizationId: session.organizationId, permissions: permissionsOfRole(session.role) };
}

/**
 * The caller's scope on the organisation it acts on: its own, or a descendant named by
 * X-Organization-Id. Separate from resolveCaller so that the wrapper rate-limits the caller
 * first and a bad header is answered with the caller's rate-limit headers.
 */
export async function actingScope(caller: Caller, req: Request): Promise<Scope> {
  const organizationId = await resolveActingOrganization(caller.homeOrganizationId, req.headers.get(ORGANIZATION_HEADER));
  return { ...caller, organizationId };
}
