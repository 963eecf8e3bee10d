import { AppError } from "@/lib/errors/app-error";
import type { Permission } from "@/lib/tenancy/permissions";

// Who is calling, on which organisation, with which permissions. Every domain function takes
// a scope first; its queries are filtered with orgWhere(scope), so a query cannot be written
// for "any organisation".
//
// The only queries without an organisation in their `where`, because they run before there is
// one to act on or are about the platform as a whole. tests/unit/tenancy-scope.test.ts reads
// this list: every other query in lib/ must carry orgWhere / organizationWhere (or, for a
// create, the scope's organizationId), and no module outside lib/tenancy may declare a scope
// type of its own.
//   - lib/tenancy/organization-tree.ts: the organisation tree walk (which orgs a principal may act on)
//   - lib/tenancy/system-scope.ts: a call's or a delivery's owner, read once where background work
//     starts from a bare id (the worker's internal API, jobs queued without organization_id)
//   - lib/api-keys/authenticate.ts: the API key by its hash, and its last-used stamp
//   - lib/auth/options.ts: the user by email at sign-in, and the membership check of a chosen organisation
//   - lib/auth/session.ts: the signed-in user with their memberships
//   - lib/organizations/sign-up.ts: the new user, organisation and membership of a sign-up
//   - lib/telephony/numbers.ts (assertFree): a phone number is unique on the whole platform
//   - lib/calls/inbound-call.ts (startInboundCall): the number a phone call came in on, by the id
//     LiveKit SIP's dispatch names (it decides the organisation the call then runs in)
//   - lib/rate-limit/counter.ts: rate-limit buckets, keyed by whatever is limited
//   - lib/api/routes/health.ts: the database ping
//   - lib/calls/sweep-stale-calls.ts (findStaleCallsOfAllOrganizations, findUnfinalisedCallsOfAllOrganizations):
//     the sweeps' platform-wide selects, which then act on each row with systemScope(row.organizationId, …)
//   - lib/campaigns/dial-job.ts (findCampaignsToDialOfAllOrganizations): the campaign sweep's select of
//     campaigns with dialling to do; each is then dialled with systemScope(row.organizationId, …)
//   - lib/auth/password-reset.ts: the user by email asking for a reset link, the link by its token hash, the new password
//   - lib/team/invitations.ts (findInvitationByToken, acceptInvitation): the invitation by its token hash, and the
//     invitee's account and membership it creates (the invitation names the organisation)
//   - lib/organizations/retention.ts (findRetentionPoliciesOfAllOrganizations): the daily job's select of every
//     organisation's retention, which then acts on each with systemScope(row.organizationId, …)
//   - lib/branding/host.ts (lookupHost): a request's host decides the brand (a partner by slug or verified domain)
//   - lib/branding/brand.ts (findBrandOwner): a client's brand is its partner's row
//   - lib/branding/settings.ts (openBrandAsset): a partner's current logo or favicon, public for the login page
//   - lib/branding/portal-domains.ts (isVerifiedElsewhere): a host name is verified by one organisation only
//   - lib/branding/client-signups.ts (findChildClients, approveChildClient): a partner's own child clients, by parent id
// Child rows without an organisation column (webhook attempts, assistant tool links) are
// reached through their scoped parent.

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
