"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { assistantQueries } from "@/lib/client/api";
import { campaignQueries, createCampaignRequest } from "@/lib/client/campaigns";
import { phoneNumberQueries } from "@/lib/client/telephony";
import type { Campaign } from "@/lib/schemas/campaign";
import { Badge, Button, Card, ErrorBanner, Field, Input, Select } from "@/components/ui/primitives";
import { listState } from "@/components/ui/data-table";

const TONES = { draft: "slate", scheduled: "green", paused: "amber", completed: "blue", cancelled: "red" } as const;
export const StatusBadge = ({ status }: { status: Campaign["status"] }) => <span data-testid="campaign-status"><Badge tone={TONES[status]}>{status}</Badge></span>;

export function ProgressBar({ campaign }: { campaign: Campaign }) {
  const done = campaign.completed_leads + campaign.failed_leads + campaign.no_answer_leads + campaign.skipped_leads;
  const share = campaign.total_leads ? Math.round((done / campaign.total_leads) * 100) : 0;
  return (
    <div className="h-2 w-full rounded bg-slate-100" role="progressbar" aria-valuenow={share} aria-valuemin={0} aria-valuemax={100} aria-label="Progress">
      <div className="h-2 rounded bg-brand-600" style={{ width: `${share}%` }} />
    </div>
  );
}

export function CampaignsPanel({ canManage }: { canManage: boolean }) {
  const campaigns = useQuery(campaignQueries.list());
  const [creating, setCreating] = useState(false);
  const state = listState(campaigns, campaigns.data?.campaigns, "campaigns");
  return (
    <div className="space-y-6">
      {canManage && !creating && <Button type="button" onClick={() => setCreating(true)}>New campaign</Button>}
      {creating && <Card title="New campaign"><CampaignForm onDone={() => setCreating(false)} /></Card>}
      <Card title="Campaigns">
        {state ?? (
          <table className="min-w-full text-sm" data-testid="campaigns-table">
            <thead><tr className="text-left text-slate-500"><th>Name</th><th>Status</th><th>Leads</th><th className="w-1/3">Progress</th></tr></thead>
            <tbody>
              {campaigns.data!.campaigns.map((c) => (
                <tr key={c.id} className="border-t border-slate-100">
                  <td className="py-2"><Link className="text-brand-700 hover:underline" href={`/campaigns/${c.id}`}>{c.name}</Link></td>
                  <td><StatusBadge status={c.status} /></td>
                  <td>{c.total_leads}</td>
                  <td><ProgressBar campaign={c} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}

function CampaignForm({ onDone }: { onDone: () => void }) {
  const queryClient = useQueryClient();
  const assistants = useQuery(assistantQueries.list());
  const numbers = useQuery(phoneNumberQueries.list());
  const [form, setForm] = useState({ name: "", assistant_id: "", number_id: "", schedule_start_time: "09:00", schedule_end_time: "17:00", timezone: "Europe/Amsterdam", max_concurrent_calls: "1", calls_per_second: "1", max_attempts: "3" });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const create = useMutation({
    mutationFn: () =>
      createCampaignRequest({
        name: form.name, assistant_id: form.assistant_id, number_id: form.number_id, schedule_start_time: form.schedule_start_time, schedule_end_time: form.schedule_end_time,
        timezone: form.timezone, max_concurrent_calls: Number(form.max_concurrent_calls), calls_per_second: Number(form.calls_per_second), max_attempts: Number(form.max_attempts),
      }),
    onSuccess: async (campaign) => {
      await queryClient.invalidateQueries({ queryKey: ["campaigns"] });
      onDone();
      window.location.assign(`/campaigns/${campaign.id}`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const fieldError = (param: string) => (create.error && "param" in create.error && (create.error as { param: string | null }).param === param ? create.error.message : undefined);
  return (
    <form onSubmit={submit} className="grid grid-cols-1 gap-4 md:grid-cols-2">
      <Field label="Name" htmlFor="campaign-name" error={fieldError("name")}><Input id="campaign-name" value={form.name} onChange={set("name")} required /></Field>
      <Field label="Assistant" htmlFor="campaign-assistant" error={fieldError("assistant_id")}>
        <Select id="campaign-assistant" value={form.assistant_id} onChange={set("assistant_id")} required>
          <option value="">Choose…</option>
          {assistants.data?.assistants.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
        </Select>
      </Field>
      <Field label="Caller ID (number with an outbound trunk)" htmlFor="campaign-number" error={fieldError("number_id")}>
        <Select id="campaign-number" value={form.number_id} onChange={set("number_id")} required>
          <option value="">Choose…</option>
          {numbers.data?.numbers.map((n) => <option key={n.id} value={n.id}>{n.phone_number}{n.name ? ` (${n.name})` : ""}</option>)}
        </Select>
      </Field>
      <Field label="Timezone (IANA)" htmlFor="campaign-tz" error={fieldError("timezone")}><Input id="campaign-tz" value={form.timezone} onChange={set("timezone")} /></Field>
      <Field label="Window start" htmlFor="campaign-start" error={fieldError("schedule_start_time")}><Input id="campaign-start" type="time" value={form.schedule_start_time} onChange={set("schedule_start_time")} /></Field>
      <Field label="Window end" htmlFor="campaign-end" error={fieldError("schedule_end_time")}><Input id="campaign-end" type="time" value={form.schedule_end_time} onChange={set("schedule_end_time")} /></Field>
      <Field label="Concurrent calls" htmlFor="campaign-concurrency" error={fieldError("max_concurrent_calls")}><Input id="campaign-concurrency" type="number" min={1} value={form.max_concurrent_calls} onChange={set("max_concurrent_calls")} /></Field>
      <Field label="Calls per second" htmlFor="campaign-cps" error={fieldError("calls_per_second")}><Input id="campaign-cps" type="number" step="0.1" min={0.1} value={form.calls_per_second} onChange={set("calls_per_second")} /></Field>
      <Field label="Attempts per lead" htmlFor="campaign-attempts" error={fieldError("max_attempts")}><Input id="campaign-attempts" type="number" min={1} value={form.max_attempts} onChange={set("max_attempts")} /></Field>
      <div className="flex items-end gap-2 md:col-span-2">
        <Button type="submit" disabled={create.isPending}>{create.isPending ? "Creating…" : "Create campaign"}</Button>
        <Button type="button" variant="secondary" onClick={onDone}>Cancel</Button>
      </div>
      {create.error && !fieldError((create.error as { param?: string | null }).param ?? "") && <div className="md:col-span-2"><ErrorBanner message={create.error.message} /></div>}
    </form>
  );
}
