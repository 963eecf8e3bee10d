"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { campaignActionRequest, campaignQueries } from "@/lib/client/campaigns";
import { LEAD_STATUSES, type LeadStatus } from "@/lib/schemas/campaign";
import { Button, Card, ErrorBanner, Select } from "@/components/ui/primitives";
import { ProgressBar, StatusBadge } from "./campaigns-panel";
import { CsvImport } from "./csv-import";

const PAUSE_REASONS: Record<string, string> = {
  failure_rate: "Paused by the platform: too many of the recent attempts failed (check the number's SIP trunk).",
  test_first: "Paused for review after the test-first leads.",
  assistant_inactive: "Paused by the platform: the assistant is not active.",
};

// One campaign: status and counters (refreshing while it runs), the actions, the import and
// the leads with their calls.
export function CampaignDetail({ id, canManage }: { id: string; canManage: boolean }) {
  const queryClient = useQueryClient();
  const campaign = useQuery(campaignQueries.detail(id));
  const [status, setStatus] = useState<LeadStatus | "">("");
  const [offset, setOffset] = useState(0);
  const leads = useQuery(campaignQueries.leads(id, { status: status || undefined, offset }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["campaigns"] });
  const action = useMutation({ mutationFn: (a: "pause" | "resume" | "cancel") => campaignActionRequest(id, a), onSuccess: refresh });
  if (campaign.error) return <ErrorBanner message={campaign.error.message} />;
  if (!campaign.data) return <p className="text-sm text-slate-500">Loading…</p>;
  const c = campaign.data;
  const counters: [string, number][] = [
    ["Total", c.total_leads], ["Pending", c.pending_leads], ["Calling", c.calling_leads], ["Completed", c.completed_leads],
    ["No answer", c.no_answer_leads], ["Failed", c.failed_leads], ["Skipped", c.skipped_leads],
  ];
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{c.name}</h1>
          <p className="mt-1 text-sm text-slate-600">
            <StatusBadge status={c.status} /> · {c.schedule_start_time}–{c.schedule_end_time} {c.timezone} · up to {c.max_concurrent_calls} at once, {c.calls_per_second}/s, {c.max_attempts} attempts
            {c.next_window_at && <> · next window {new Date(c.next_window_at).toLocaleString()}</>}
          </p>
        </div>
        {canManage && (
          <div className="flex gap-2">
            {(c.status === "draft" || c.status === "paused" || c.status === "completed") && <Button type="button" onClick={() => action.mutate("resume")}>{c.status === "draft" ? "Start" : "Resume"}</Button>}
            {c.status === "scheduled" && <Button type="button" variant="secondary" onClick={() => action.mutate("pause")}>Pause</Button>}
            {c.status !== "cancelled" && c.status !== "completed" && <Button type="button" variant="danger" onClick={() => action.mutate("cancel")}>Cancel campaign</Button>}
            <a className="rounded-md border border-slate-300 px-4 py-2 text-sm" href={`/api/v1/campaigns/${id}/leads/export`}>Export CSV</a>
          </div>
        )}
      </div>
      {c.paused_reason && <ErrorBanner message={PAUSE_REASONS[c.paused_reason] ?? c.paused_reason} />}
      {action.error && <ErrorBanner message={action.error.message} />}
      <Card title="Progress">
        <ProgressBar campaign={c} />
        <dl className="mt-4 grid grid-cols-4 gap-3 text-sm md:grid-cols-7" data-testid="campaign-counters">
          {counters.map(([label, value]) => (
            <div key={label}><dt className="text-slate-500">{label}</dt><dd className="text-lg font-semibold" data-counter={label}>{value}</dd></div>
          ))}
        </dl>
      </Card>
      {canManage && c.status !== "cancelled" && (
        <Card title="Import leads">
          <CsvImport path={`/campaigns/${id}/leads/import`} onImported={refresh} />
        </Card>
      )}
      <Card
        title="Leads"
        actions={
          <Select aria-label="Lead status" value={status} onChange={(e) => { setStatus(e.target.value as LeadStatus | ""); setOffset(0); }} className="w-40">
            <option value="">All statuses</option>
            {LEAD_STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
          </Select>
        }
      >
        {leads.error && <ErrorBanner message={leads.error.message} />}
        <table className="min-w-full text-sm" data-testid="leads-table">
          <thead><tr className="text-left text-slate-500"><th>Number</th><th>Name</th><th>Status</th><th>Attempts</th><th>Outcome</th><th>Next attempt</th><th>Call</th></tr></thead>
          <tbody>
            {leads.data?.leads.map((l) => (
              <tr key={l.id} className="border-t border-slate-100" data-lead={l.phone_number}>
                <td className="py-1 font-mono">{l.phone_number}</td>
                <td>{l.name ?? ""}</td>
                <td>{l.status}</td>
                <td>{l.attempts}</td>
                <td>{l.outcome ?? ""}</td>
                <td>{l.next_attempt_at ? new Date(l.next_attempt_at).toLocaleString() : ""}</td>
                <td>{l.call_id && <Link className="text-brand-700 hover:underline" href={`/calls/${l.call_id}`}>View call</Link>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {leads.data && (
          <div className="mt-3 flex items-center gap-3 text-sm text-slate-600">
            <span>{leads.data.pagination.total === 0 ? "No leads" : `${offset + 1}–${offset + leads.data.leads.length} of ${leads.data.pagination.total}`}</span>
            <Button type="button" variant="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - 50))}>Previous</Button>
            <Button type="button" variant="secondary" disabled={offset + 50 >= leads.data.pagination.total} onClick={() => setOffset(offset + 50)}>Next</Button>
          </div>
        )}
      </Card>
    </div>
  );
}
