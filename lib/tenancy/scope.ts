import { AppError } from "@/lib/errors/app-error";
import type { Permission } from "@/lib/tenancy/permissions";

// Who is calling, on which organisation, with which permissions. Every domain function takes
// a scope first; its queries are filtered with orgWhere(scope), so a query cannot be written
// for "any organisation".

export type Principal =
  | { kind: "user"; userId: string }
  | { kind: "api_key"; apiKeyId: string }
  // Jobs, sweeps and the internal worker API act for the organisation that owns the row.
  | { kind: "system"; reason: string };

export type Scope = {
  principal: Principal;
  /** The organisation the principal belongs to (a user's membership, a key's owner). */
  homeOrganizationId: string;
  /** The organisation acted on: homeOrganizationId, or a descendant of it chosen explicitly. */
  organizationId: string;
  permissions: ReadonlySet<Permission>;
};

/** What a domain query needs of a scope: the organisation it acts on. */
export type OrgScope = Pick<Scope, "organizationId">;

/** The tenant filter every domain query spreads into its `where`. */
export const orgWhere = (scope: OrgScope) => ({ organizationId: scope.organizationId });

/** The same filter for the organisations table itself: the acting organisation's own row. */
export const organizationWhere = (scope: OrgScope) => ({ id: scope.organizationId });

/** A scope for background work on one organisation's rows (jobs, sweeps, the worker API). */
export function systemScope(organizationId: string, reason: string, permissions: ReadonlySet<Permission> = new Set()): Scope {
  return { principal: { kind: "system", reason }, homeOrganizationId: organizationId, organizationId, permissions };
}

export const hasPermission = (scope: Pick<Scope, "permissions">, permission: Permission) => scope.permissions.has(permission);

/** Throws `forbidden`, naming the missing permission, unless the scope holds it. */
export function requirePermission(scope: Pick<Scope, "permissions">, permission: Permission): void {
  if (!scope.permissions.has(permission)) {
    throw new AppError("forbidden", `This action requires the ${permission} permission`);
  }
}
