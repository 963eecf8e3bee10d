import { PERMISSIONS, type Permission } from "@/lib/tenancy/permissions";

// What an API key may do, written as scopes: a permission name ("assistants.read"), a
// wildcard over one resource ("assistants.*") or one action ("*.read"), or a preset.
// Scopes are stored as written and expanded when the key authenticates, so a wildcard or a
// preset also covers permissions added later (a new "*.read" is part of read_only).
// Pure: the portal's key form and the schema use it too.

export const FULL_ACCESS = "full_access";
export const READ_ONLY = "read_only";

export const SCOPE_PRESETS: Record<typeof FULL_ACCESS | typeof READ_ONLY, readonly Permission[]> = {
  [FULL_ACCESS]: PERMISSIONS,
  [READ_ONLY]: PERMISSIONS.filter((p) => p.endsWith(".read")),
};

const resourceOf = (p: Permission) => p.slice(0, p.indexOf("."));
const actionOf = (p: Permission) => p.slice(p.indexOf(".") + 1);

export const SCOPE_RESOURCES = [...new Set(PERMISSIONS.map(resourceOf))];
export const SCOPE_ACTIONS = [...new Set(PERMISSIONS.map(actionOf))];

/** The permissions one scope grants; null when the scope means nothing. */
export function permissionsOfScope(scope: string): readonly Permission[] | null {
  if (scope in SCOPE_PRESETS) return SCOPE_PRESETS[scope as keyof typeof SCOPE_PRESETS];
  const [resource, action, ...rest] = scope.split(".");
  if (!resource || !action || rest.length > 0 || (resource === "*" && action === "*")) return null;
  const matches = PERMISSIONS.filter((p) => (resource === "*" || resourceOf(p) === resource) && (action === "*" || actionOf(p) === action));
  return matches.length > 0 ? matches : null;
}

export const isApiKeyScope = (scope: string) => permissionsOfScope(scope) !== null;

/**
 * The permissions a key's stored scopes grant. No scopes is full access: keys made before
 * scopes existed acted as the organisation, and keep doing so.
 */
export function permissionsOfScopes(scopes: readonly string[]): ReadonlySet<Permission> {
  if (scopes.length === 0) return new Set(PERMISSIONS);
  return new Set(scopes.flatMap((scope) => permissionsOfScope(scope) ?? []));
}

/** The scopes as answered by the API: full access is named, never an empty list. */
export const publicScopes = (stored: readonly string[]): string[] => (stored.length === 0 ? [FULL_ACCESS] : [...stored]);
