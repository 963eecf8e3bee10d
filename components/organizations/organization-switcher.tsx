"use client";
import { useState } from "react";
import { switchOrganizationRequest } from "@/lib/client/session";
import { setActingOrganization } from "@/lib/client/acting";

export type SwitcherOrganization = { id: string; name: string };

// Shown to users with more than one organisation. After a switch the page loads afresh at
// `returnTo` (a list page), so nothing cached from the previous organisation stays on screen.
export function OrganizationSwitcher({ organizations, activeId, returnTo }: { organizations: SwitcherOrganization[]; activeId: string; returnTo: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onChange(id: string) {
    setPending(true);
    setError(null);
    try {
      await switchOrganizationRequest(id);
      // Acting as a client of the previous organisation means nothing in the next one.
      setActingOrganization(null);
      window.location.assign(returnTo);
    } catch (e) {
      setError(e instanceof Error ? e.message : "Could not switch organisation");
      setPending(false);
    }
  }

  return (
    <div className="mt-2">
      <label htmlFor="organization-switcher" className="sr-only">Switch organisation</label>
      <select
        id="organization-switcher"
        className="block w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
        value={activeId}
        disabled={pending}
        onChange={(e) => void onChange(e.target.value)}
      >
        {organizations.map((org) => <option key={org.id} value={org.id}>{org.name}</option>)}
      </select>
      {error && <p role="alert" className="mt-1 text-xs text-red-600">{error}</p>}
    </div>
  );
}
