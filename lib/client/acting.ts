"use client";
import { ACTING_ORGANIZATION_COOKIE } from "@/lib/schemas/organization";

// "Acting as": the portal's API calls name the chosen organisation below the user's own in
// X-Organization-Id (fetchJson in lib/client/api.ts); the server checks it on every request,
// exactly as for an API key. Kept in a cookie so the layout shows the choice after a reload.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function actingOrganizationId(): string | null {
  if (typeof document === "undefined") return null;
  const value = document.cookie.split(/;\s*/).find((c) => c.startsWith(`${ACTING_ORGANIZATION_COOKIE}=`))?.slice(ACTING_ORGANIZATION_COOKIE.length + 1);
  return value && UUID.test(value) ? value : null;
}

/** Starts (an id) or stops (null) acting; the caller reloads so nothing of the previous organisation stays on screen. */
export function setActingOrganization(id: string | null) {
  document.cookie = id
    ? `${ACTING_ORGANIZATION_COOKIE}=${id}; Path=/; SameSite=Lax; Max-Age=${7 * 24 * 3600}`
    : `${ACTING_ORGANIZATION_COOKIE}=; Path=/; SameSite=Lax; Max-Age=0`;
}
