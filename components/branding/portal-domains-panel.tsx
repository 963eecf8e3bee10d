"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ApiClientError } from "@/lib/client/api";
import { createPortalDomainRequest, deletePortalDomainRequest, portalDomainsQuery, verifyPortalDomainRequest } from "@/lib/client/branding";
import { hostnameSchema } from "@/lib/schemas/branding";
import { CopyButton } from "@/components/ui/copy-button";
import { Badge, Button, Card, ErrorBanner, Field, Input } from "@/components/ui/primitives";

// A partner's own portal host names: add one, publish the TXT record shown, verify. Until it
// is verified (and after it is removed) the host shows a neutral page.

export function PortalDomainsPanel({ canManage }: { canManage: boolean }) {
  const queryClient = useQueryClient();
  const { data, error, isPending } = useQuery(portalDomainsQuery());
  const [hostname, setHostname] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: ["portal-domains"] });

  const add = useMutation({
    mutationFn: createPortalDomainRequest,
    onSuccess: async () => {
      setHostname("");
      await invalidate();
    },
    onError: (e) => setFieldError(e instanceof ApiClientError && e.param === "hostname" ? e.message.replace("hostname: ", "") : e.message),
  });
  const verify = useMutation({ mutationFn: verifyPortalDomainRequest, onSuccess: invalidate });
  const remove = useMutation({ mutationFn: deletePortalDomainRequest, onSuccess: invalidate });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const parsed = hostnameSchema.safeParse(hostname);
    if (!parsed.success) return setFieldError(parsed.error.issues[0]?.message ?? "Enter a host name");
    setFieldError(null);
    add.mutate(parsed.data);
  }

  return (
    <Card title="Custom portal domains">
      {canManage && (
        <form onSubmit={onSubmit} noValidate className="mb-4 flex items-end gap-2" data-testid="portal-domain-form">
          <div className="flex-1">
            <Field label="Host name" htmlFor="portal_hostname" error={fieldError ?? undefined} hint="e.g. portal.agency.example">
              <Input id="portal_hostname" value={hostname} onChange={(e) => setHostname(e.target.value)} disabled={add.isPending} />
            </Field>
          </div>
          <Button type="submit" disabled={add.isPending}>Add domain</Button>
        </form>
      )}
      {isPending && <p className="text-sm text-slate-500">Loading…</p>}
      {error && <ErrorBanner message={error.message} />}
      {data && data.data.length === 0 && <p className="text-sm text-slate-500">No custom domains yet.</p>}
      <ul className="space-y-3" data-testid="portal-domains">
        {data?.data.map((d) => (
          <li key={d.id} className="rounded-md border border-slate-200 p-3" data-testid="portal-domain" data-hostname={d.hostname}>
            <div className="flex items-center justify-between">
              <p className="font-mono text-sm">{d.hostname}</p>
              <Badge tone={d.status === "verified" ? "green" : "amber"}>{d.status}</Badge>
            </div>
            {d.status === "pending" && (
              <div className="mt-2 space-y-1 text-xs text-slate-700">
                <p>Create this DNS record, then verify:</p>
                <table className="w-full font-mono" data-testid="txt-record">
                  <tbody>
                    <tr><td className="pr-2 text-slate-500">Type</td><td>{d.verification.type}</td></tr>
                    <tr><td className="pr-2 text-slate-500">Name</td><td>{d.verification.name} <CopyButton value={d.verification.name} label="Copy name" /></td></tr>
                    <tr><td className="pr-2 text-slate-500">Value</td><td data-testid="txt-value">{d.verification.value} <CopyButton value={d.verification.value} label="Copy value" /></td></tr>
                  </tbody>
                </table>
                <p>Point the host itself at this server with a CNAME or A record.</p>
                {d.last_error && <p className="text-red-700" data-testid="verify-error">{d.last_error}</p>}
              </div>
            )}
            {canManage && (
              <div className="mt-2 flex gap-2">
                {d.status === "pending" && (
                  <Button type="button" onClick={() => verify.mutate(d.id)} disabled={verify.isPending}>{verify.isPending ? "Checking…" : "Verify"}</Button>
                )}
                <Button type="button" variant="secondary" onClick={() => remove.mutate(d.id)} disabled={remove.isPending}>Remove</Button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
