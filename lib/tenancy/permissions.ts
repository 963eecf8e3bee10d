// What a caller may do, as permissions rather than role ranks. Routes declare the permission
// they need; roles and API-key scopes map to sets of these. Pure: imported by the app, the
// portal and tests alike.
export const PERMISSIONS = [
  "assistants.read",
  "assistants.write",
  "calls.read",
  "calls.write",
  "calls.control",
  "api_keys.read",
  "api_keys.write",
  "provider_keys.read",
  "provider_keys.write",
  "webhooks.read",
  "webhooks.write",
  "webhooks.replay",
  "billing.read",
  "billing.write",
  "numbers.read",
  "numbers.write",
  "campaigns.read",
  "campaigns.write",
  "organizations.read",
  "organizations.write",
  "members.read",
  "members.write",
  "audit_log.read",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const isPermission = (value: string): value is Permission => (PERMISSIONS as readonly string[]).includes(value);

export const ROLES = ["owner", "admin", "member", "read_only"] as const;
export type Role = (typeof ROLES)[number];

// The audit log is for those who run the organisation (and its parent), not every reader.
const READS = PERMISSIONS.filter((p) => p.endsWith(".read") && p !== "audit_log.read");

// Read-only members see everything a member sees and change nothing; members also place and
// steer calls (test calls from the portal); admins and owners may change everything. Only
// owners grant or take away ownership (lib/team), and the last owner stays.
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  read_only: READS,
  member: [...READS, "calls.write", "calls.control", "webhooks.replay"],
  admin: PERMISSIONS,
  owner: PERMISSIONS,
};

export function permissionsOfRole(role: Role): ReadonlySet<Permission> {
  return new Set(ROLE_PERMISSIONS[role]);
}

/** Whether a signed-in member (or nobody) may do something: the portal's one check. */
export const can = (member: { role: Role } | null | undefined, permission: Permission): boolean =>
  member ? ROLE_PERMISSIONS[member.role].includes(permission) : false;
