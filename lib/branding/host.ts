import "server-only";
import { isIP } from "node:net";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

// Which brand a request's Host header stands for, decided before anything is rendered
// (proxy.ts) and again by the pages and the sign-up that need the organisation:
//   - the platform's own hosts (APP_URL's, localhost, IP literals, PLATFORM_HOSTS): platform;
//   - <slug>.<PORTAL_BASE_DOMAIN>: the partner with that slug, no DNS work needed;
//   - a portal domain a partner has verified: that partner;
//   - anything else (unverified, removed, unknown): nobody — a neutral page, never a brand.

export type HostTarget =
  | { kind: "platform" }
  | { kind: "partner"; organizationId: string; via: "subdomain" | "custom_domain" }
  | { kind: "unknown" };

/** "Portal.Agency.Example:443." -> "portal.agency.example"; null for what cannot be a host. */
export function normalizeHost(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let host = raw.trim().toLowerCase();
  if (host.startsWith("[")) {
    const end = host.indexOf("]");
    if (end < 0) return null;
    host = host.slice(1, end);
  } else if (host.split(":").length === 2) {
    host = host.split(":")[0]!;
  }
  host = host.replace(/\.$/, "");
  if (isIP(host)) return host;
  return /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(host) && host.length <= 253 ? host : null;
}

export function isPlatformHost(host: string): boolean {
  if (isIP(host) || host === "localhost" || host.endsWith(".localhost")) return true;
  const e = env();
  if (host === new URL(e.APP_URL).hostname.toLowerCase()) return true;
  if (e.PORTAL_BASE_DOMAIN && host === e.PORTAL_BASE_DOMAIN) return true;
  return e.PLATFORM_HOSTS.includes(host);
}

/** The partner slug of a default subdomain, or null. */
export function subdomainSlug(host: string): string | null {
  const base = env().PORTAL_BASE_DOMAIN;
  if (!base || !host.endsWith(`.${base}`)) return null;
  const label = host.slice(0, -base.length - 1);
  return label && !label.includes(".") ? label : null;
}

// Host names are attacker-chosen, so the cache is bounded; it is dropped whole when full.
const MAX_CACHED_HOSTS = 2000;
const cache = new Map<string, { target: HostTarget; expires: number }>();

/** Forgets cached answers (after a domain or partner change in this process). */
export function invalidateHostCache(): void {
  cache.clear();
}

export async function resolveHost(rawHost: string | null | undefined): Promise<HostTarget> {
  const host = normalizeHost(rawHost);
  if (!host) return { kind: "unknown" };
  if (isPlatformHost(host)) return { kind: "platform" };
  const ttl = env().BRAND_HOST_CACHE_SECONDS * 1000;
  const hit = cache.get(host);
  if (hit && hit.expires > Date.now()) return hit.target;
  const target = await lookupHost(host);
  if (ttl > 0) {
    if (cache.size >= MAX_CACHED_HOSTS) cache.clear();
    cache.set(host, { target, expires: Date.now() + ttl });
  }
  return target;
}

// Platform-wide by nature: the host decides the organisation (listed in lib/tenancy/scope.ts).
async function lookupHost(host: string): Promise<HostTarget> {
  const slug = subdomainSlug(host);
  if (slug) {
    const partner = await db.organization.findFirst({ where: { slug, kind: "partner" }, select: { id: true } });
    return partner ? { kind: "partner", organizationId: partner.id, via: "subdomain" } : { kind: "unknown" };
  }
  const domain = await db.portalDomain.findFirst({
    where: { hostname: host, verifiedAt: { not: null }, organization: { kind: "partner" } },
    orderBy: { verifiedAt: "asc" },
    select: { organizationId: true },
  });
  return domain ? { kind: "partner", organizationId: domain.organizationId, via: "custom_domain" } : { kind: "unknown" };
}
