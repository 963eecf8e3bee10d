"use client";
import { FULL_ACCESS, READ_ONLY } from "@/lib/api-keys/scopes";
import { PERMISSIONS } from "@/lib/tenancy/permissions";

export type KeyAccess = { kind: "full" | "read_only" | "custom"; permissions: string[] };

/** The scopes to send for a choice; undefined means full access (the API's default). */
export function scopesOfAccess(access: KeyAccess): string[] | undefined {
  if (access.kind === "full") return undefined;
  if (access.kind === "read_only") return [READ_ONLY];
  return access.permissions;
}

const resources = [...new Set(PERMISSIONS.map((p) => p.split(".")[0]!))];
const choices = [
  { kind: "full", label: "Full access", hint: "Everything the organisation's admins can do" },
  { kind: "read_only", label: "Read only", hint: "Every read, no changes" },
  { kind: "custom", label: "Custom", hint: "Only the permissions you tick" },
] as const;

// Full access, read only, or a hand-picked set of permissions, grouped by resource.
export function KeyAccessField({ value, onChange, error }: { value: KeyAccess; onChange: (next: KeyAccess) => void; error?: string }) {
  const toggle = (permission: string, on: boolean) =>
    onChange({ ...value, permissions: on ? [...value.permissions, permission] : value.permissions.filter((p) => p !== permission) });
  return (
    <fieldset className="space-y-2">
      <legend className="block text-sm font-medium text-slate-700">Access</legend>
      <div className="flex flex-wrap gap-4">
        {choices.map((choice) => (
          <label key={choice.kind} className="flex items-start gap-2 text-sm">
            <input type="radio" name="api-key-access" className="mt-1" checked={value.kind === choice.kind} onChange={() => onChange({ ...value, kind: choice.kind })} />
            <span>
              <span className="font-medium">{choice.label}</span>
              <span className="block text-xs text-slate-500">{choice.hint}</span>
            </span>
          </label>
        ))}
      </div>
      {value.kind === "custom" && (
        <div className="grid grid-cols-2 gap-x-6 gap-y-1 rounded-md border border-slate-200 p-3 sm:grid-cols-3" data-testid="api-key-permissions">
          {resources.map((resource) => (
            <div key={resource}>
              <p className="text-xs font-semibold text-slate-500">{resource}</p>
              {PERMISSIONS.filter((p) => p.startsWith(`${resource}.`)).map((permission) => (
                <label key={permission} className="flex items-center gap-2 font-mono text-xs">
                  <input type="checkbox" checked={value.permissions.includes(permission)} onChange={(e) => toggle(permission, e.target.checked)} />
                  {permission}
                </label>
              ))}
            </div>
          ))}
        </div>
      )}
      {error && <p role="alert" className="text-xs text-red-600" data-field-error="api-key-scopes">{error}</p>}
    </fieldset>
  );
}

/** How a key's scopes read in the list. */
export function describeScopes(scopes: string[]): string {
  if (scopes.length === 1 && scopes[0] === FULL_ACCESS) return "Full access";
  if (scopes.length === 1 && scopes[0] === READ_ONLY) return "Read only";
  return scopes.join(", ");
}
