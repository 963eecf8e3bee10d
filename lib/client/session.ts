"use client";
import { getCsrfToken } from "next-auth/react";

// Changes the organisation of the portal session. This is the request next-auth's own
// session update sends: next-auth refuses it without its CSRF token, and the jwt callback
// (lib/auth/options.ts) accepts only an organisation the user is a member of.
export async function switchOrganizationRequest(organizationId: string): Promise<void> {
  const csrfToken = await getCsrfToken();
  const res = await fetch("/api/auth/session", {
    method: "POST",
    headers: { "content-type": "application/json" },
    credentials: "same-origin",
    body: JSON.stringify({ csrfToken, data: { organizationId } }),
  });
  const session = (await res.json().catch(() => null)) as { organizationId?: string } | null;
  if (!res.ok || session?.organizationId !== organizationId) throw new Error("Could not switch to that organisation");
}
