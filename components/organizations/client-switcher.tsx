"use client";
import { setActingOrganization } from "@/lib/client/acting";

export type ActingOption = { id: string; name: string; parentName: string | null };

// "Acting as": a partner's (or the platform's) users work on one of their clients. The choice
// lands on the list page of the current section, so nothing of the previous organisation stays.
export function ClientSwitcher({ options, actingId, homeName, returnTo }: { options: ActingOption[]; actingId: string | null; homeName: string; returnTo: string }) {
  function onChange(id: string) {
    setActingOrganization(id === "" ? null : id);
    window.location.assign(returnTo);
  }
  return (
    <div className="mt-2">
      <label htmlFor="client-switcher" className="block text-xs font-medium text-slate-500">Act as</label>
      <select
        id="client-switcher"
        className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
        value={actingId ?? ""}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">{homeName} (yours)</option>
        {options.map((o) => <option key={o.id} value={o.id}>{o.parentName ? `${o.parentName} › ${o.name}` : o.name}</option>)}
      </select>
    </div>
  );
}

export function ActingBanner({ name, returnTo }: { name: string; returnTo: string }) {
  return (
    <div className="flex items-center justify-between border-b border-amber-300 bg-amber-50 px-8 py-2 text-sm text-amber-900" data-testid="acting-as">
      <span>Acting as <strong>{name}</strong>: everything you do here is done for this organisation and recorded in its audit log.</span>
      <button
        type="button"
        className="font-medium underline"
        onClick={() => {
          setActingOrganization(null);
          window.location.assign(returnTo);
        }}
      >
        Stop acting
      </button>
    </div>
  );
}
