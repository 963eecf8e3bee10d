"use client";
import { useQuery } from "@tanstack/react-query";
import { organizationQuery } from "@/lib/client/api";
import { Card, ErrorBanner } from "@/components/ui/primitives";
import { formatDateTime } from "@/components/ui/format";

export function OrganizationCard() {
  const { data: org, error, isPending } = useQuery(organizationQuery());
  if (isPending) return <Card title="Organisation"><p className="text-sm text-slate-500">Loading organisation…</p></Card>;
  if (error) return <Card title="Organisation"><ErrorBanner message={error.message} /></Card>;
  const facts: [string, string, string][] = [
    ["Name", org.name, "org-info-name"],
    ["Slug", org.slug, "org-info-slug"],
    ["Kind", org.kind, "org-info-kind"],
    ["ID", org.id, "org-info-id"],
    ["Active assistants", String(org.active_agents), "org-info-active-agents"],
    ["Calls in progress", String(org.active_calls), "org-info-active-calls"],
    ["Created", formatDateTime(org.created_at), "org-info-created"],
  ];
  return (
    <Card title="Organisation">
      <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
        {facts.map(([label, value, testId]) => (
          <div key={label}>
            <dt className="text-xs font-semibold uppercase text-slate-500">{label}</dt>
            <dd className="break-all text-slate-800" data-testid={testId}>{value}</dd>
          </div>
        ))}
      </dl>
      {org.children.length > 0 && (
        <div className="mt-4">
          <h3 className="text-xs font-semibold uppercase text-slate-500">Client organisations</h3>
          <ul className="mt-1 list-inside list-disc text-sm text-slate-800" data-testid="org-children">
            {org.children.map((child) => <li key={child.id}>{child.name} <span className="text-slate-500">({child.slug})</span></li>)}
          </ul>
        </div>
      )}
    </Card>
  );
}
