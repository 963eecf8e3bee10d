import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors/app-error";
import { lookupTxt } from "@/lib/branding/dns";
import { invalidateHostCache, isPlatformHost, subdomainSlug } from "@/lib/branding/host";
import { createPortalDomainSchema, portalDomainSchema, type PortalDomainResponse } from "@/lib/schemas/branding";
import { organizationWhere, orgWhere, type OrgScope } from "@/lib/tenancy/scope";

// A partner's own portal host names. Adding one gives a token; the partner publishes it as a
// TXT record at _portal-verification.<host>; verification looks it up through DNS and from then
// on the host shows the partner's brand. Until then, and after removal, the host shows a
// neutral page. (The host must also reach this server: a CNAME or A record of the partner's.)

export const VERIFICATION_PREFIX = "_portal-verification";
const TOKEN_PREFIX = "portal-verification=";
const MAX_DOMAINS_PER_PARTNER = 20;

type Row = {
  id: string;
  hostname: string;
  verificationToken: string;
  verifiedAt: Date | null;
  lastCheckedAt: Date | null;
  lastError: string | null;
  createdAt: Date;
};

export const verificationRecordName = (hostname: string) => `${VERIFICATION_PREFIX}.${hostname}`;

function toPortalDomain(row: Row): PortalDomainResponse {
  return portalDomainSchema.parse({
    id: row.id,
    hostname: row.hostname,
    status: row.verifiedAt ? "verified" : "pending",
    verification: { type: "TXT", name: verificationRecordName(row.hostname), value: `${TOKEN_PREFIX}${row.verificationToken}` },
    verified_at: row.verifiedAt?.toISOString() ?? null,
    last_checked_at: row.lastCheckedAt?.toISOString() ?? null,
    last_error: row.lastError,
    created_at: row.createdAt.toISOString(),
  });
}

async function assertPartner(scope: OrgScope) {
  const org = await db.organization.findUnique({ where: organizationWhere(scope), select: { kind: true } });
  if (!org) throw notFound("Organization");
  if (org.kind !== "partner") throw new AppError("forbidden", "Only partner organisations have portal domains");
}

export async function listPortalDomains(scope: OrgScope): Promise<PortalDomainResponse[]> {
  await assertPartner(scope);
  const rows = await db.portalDomain.findMany({ where: orgWhere(scope), orderBy: { createdAt: "asc" } });
  return rows.map(toPortalDomain);
}

export async function getPortalDomainOrThrow(scope: OrgScope, id: string): Promise<PortalDomainResponse> {
  const row = await db.portalDomain.findFirst({ where: { id, ...orgWhere(scope) } });
  if (!row) throw notFound("Portal domain");
  return toPortalDomain(row);
}

export async function createPortalDomain(scope: OrgScope, input: { hostname: string }): Promise<PortalDomainResponse> {
  const { hostname } = createPortalDomainSchema.parse(input);
  await assertPartner(scope);
  if (isPlatformHost(hostname) || subdomainSlug(hostname) !== null) {
    throw new AppError("validation_error", "hostname: this host belongs to the platform", "hostname");
  }
  if ((await db.portalDomain.count({ where: orgWhere(scope) })) >= MAX_DOMAINS_PER_PARTNER) {
    throw new AppError("conflict", `A partner can have at most ${MAX_DOMAINS_PER_PARTNER} portal domains`, "hostname");
  }
  if (await db.portalDomain.count({ where: { hostname, ...orgWhere(scope) } })) {
    throw new AppError("conflict", "This host name is already one of your portal domains", "hostname");
  }
  const row = await db.portalDomain.create({
    data: { organizationId: scope.organizationId, hostname, verificationToken: randomBytes(18).toString("base64url") },
  });
  return toPortalDomain(row);
}

/** Looks the TXT record up now; a match verifies the domain, anything else records why not. */
export async function verifyPortalDomain(scope: OrgScope, id: string): Promise<PortalDomainResponse> {
  const row = await db.portalDomain.findFirst({ where: { id, ...orgWhere(scope) } });
  if (!row) throw notFound("Portal domain");
  const name = verificationRecordName(row.hostname);
  const expected = `${TOKEN_PREFIX}${row.verificationToken}`;
  const lookup = await lookupTxt(name);
  let lastError: string | null = null;
  if ("error" in lookup) lastError = lookup.error;
  else if (!lookup.records.some((r) => r.trim() === expected)) {
    lastError = lookup.records.length ? `The TXT records at ${name} do not contain ${expected}` : `No TXT record found at ${name}`;
  } else if (await isVerifiedElsewhere(row.hostname, scope.organizationId)) {
    lastError = "This host name is verified by another organisation";
  }
  const now = new Date();
  await db.portalDomain.updateMany({
    where: { id, ...orgWhere(scope) },
    // A verified domain whose record later disappears stays verified: re-checking is the
    // partner's choice, and taking a live portal down because of a DNS blip would be worse.
    data: lastError ? { lastCheckedAt: now, lastError } : { lastCheckedAt: now, lastError: null, verifiedAt: row.verifiedAt ?? now },
  });
  invalidateHostCache();
  return getPortalDomainOrThrow(scope, id);
}

// Platform-wide by nature: one host, one brand (listed in lib/tenancy/scope.ts).
async function isVerifiedElsewhere(hostname: string, organizationId: string): Promise<boolean> {
  return (await db.portalDomain.count({ where: { hostname, verifiedAt: { not: null }, NOT: { organizationId } } })) > 0;
}

export async function deletePortalDomain(scope: OrgScope, id: string): Promise<void> {
  const { count } = await db.portalDomain.deleteMany({ where: { id, ...orgWhere(scope) } });
  if (!count) throw notFound("Portal domain");
  invalidateHostCache();
}
