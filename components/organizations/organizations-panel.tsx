"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ApiClientError } from "@/lib/client/api";
import { setActingOrganization } from "@/lib/client/acting";
import { createOrganizationRequest, organizationTreeQuery } from "@/lib/client/organizations";
import { organizationCreateSchema } from "@/lib/schemas/organization";
import { Button, Card, ErrorBanner, Field, Input } from "@/components/ui/primitives";
import { CopyButton } from "@/components/ui/copy-button";
import { DataTable, listState } from "@/components/ui/data-table";
import { formatDateTime } from "@/components/ui/format";

// The organisations below the user's own: the platform's partners, or a partner's clients.
// Admins create them (with an owner invitation by email) and switch into one to act on it.
export function OrganizationsPanel({ noun, canManage }: { noun: "partner" | "client"; canManage: boolean }) {
  const queryClient = useQueryClient();
  const tree = useQuery(organizationTreeQuery());
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [errors, setErrors] = useState<{ name?: string; email?: string; form?: string }>({});
  const [created, setCreated] = useState<{ name: string; api_key: string; invited: string | null } | null>(null);

  const mutation = useMutation({
    mutationFn: createOrganizationRequest,
    onSuccess: async (org, body) => {
      setCreated({ name: org.name, api_key: org.api_key, invited: body.email ?? null });
      setName("");
      setEmail("");
      await queryClient.invalidateQueries({ queryKey: ["organization"] });
    },
    onError: (e) => {
      const param = e instanceof ApiClientError ? e.param : null;
      if (param === "name" || param === "email") setErrors({ [param]: e.message.replace(`${param}: `, "") });
      else setErrors({ form: e.message });
    },
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const parsed = organizationCreateSchema.safeParse({ name, ...(email.trim() ? { email } : {}) });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return setErrors({ [issue?.path[0] === "email" ? "email" : "name"]: issue?.path[0] === "email" ? "Enter a valid email address" : "Give the organisation a name" });
    }
    setErrors({});
    mutation.mutate({ name: parsed.data.name, ...(parsed.data.email ? { email: parsed.data.email } : {}) });
  }

  const children = tree.data?.children;
  const empty = listState(tree, children, `${noun}s`);
  const title = noun === "partner" ? "Partners" : "Clients";
  return (
    <div className="space-y-6">
      {created && (
        <div role="status" className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-5 text-sm text-amber-900" data-testid="new-organization-notice">
          <p className="font-semibold">{created.name} created</p>
          {created.invited && <p>An invitation to become its owner was sent to {created.invited}.</p>}
          <p>Its API key, shown only now:</p>
          <div className="flex items-center gap-2">
            <code className="flex-1 select-all break-all rounded-md border border-amber-200 bg-white px-3 py-2 font-mono" data-testid="new-organization-key">{created.api_key}</code>
            <CopyButton value={created.api_key} label="Copy key" />
          </div>
          <Button type="button" variant="secondary" onClick={() => setCreated(null)}>Done</Button>
        </div>
      )}
      {canManage && (
        <Card title={`Create a ${noun}`}>
          <form onSubmit={onSubmit} className="space-y-3" noValidate>
            {errors.form && <ErrorBanner message={errors.form} />}
            <Field label={`${noun === "partner" ? "Partner" : "Client"} name`} htmlFor="org-name" error={errors.name}>
              <Input id="org-name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} autoComplete="off" />
            </Field>
            <Field label="Owner's email (optional)" htmlFor="org-email" error={errors.email} hint="They get an invitation to own the new organisation.">
              <Input id="org-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
            </Field>
            <Button type="submit" disabled={mutation.isPending}>{mutation.isPending ? "Creating…" : `Create ${noun}`}</Button>
          </form>
        </Card>
      )}
      <Card title={title}>
        {empty ?? (
          <DataTable testId="organizations-table" columns={["Name", "Assistants", "Active calls", "Minutes this month", "Created"]} hasActions>
            {children!.map((c) => (
              <tr key={c.id}>
                <td className="py-2 pr-4 font-medium">{c.name}{c.children && c.children.length > 0 && <span className="ml-2 text-xs text-slate-500">{c.children.length} clients</span>}</td>
                <td className="py-2 pr-4">{c.active_agents ?? 0}</td>
                <td className="py-2 pr-4">{c.active_calls ?? 0}</td>
                <td className="py-2 pr-4">{c.monthly_usage_minutes ?? 0}</td>
                <td className="py-2 pr-4">{formatDateTime(c.created_at)}</td>
                <td className="py-2 text-right">
                  <Button type="button" variant="secondary" onClick={() => { setActingOrganization(c.id); window.location.assign("/assistants"); }}>
                    Act as {c.name}
                  </Button>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </div>
  );
}
