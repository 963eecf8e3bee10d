"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { assistantQueries } from "@/lib/client/api";
import { Badge, Card, ErrorBanner } from "@/components/ui/primitives";

export function AssistantsList() {
  const { data, error, isPending } = useQuery(assistantQueries.list());
  if (isPending) return <p className="text-sm text-slate-500">Loading assistants…</p>;
  if (error) return <ErrorBanner message={error.message} />;
  if (data.assistants.length === 0) {
    return (
      <Card>
        <p className="text-sm text-slate-600">No assistants yet. <Link href="/assistants/new" className="text-brand-600 hover:underline">Create your first assistant</Link>.</p>
      </Card>
    );
  }
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="assistants-table">
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase text-slate-500">
          <tr><th className="px-4 py-3">Name</th><th className="px-4 py-3">Language model</th><th className="px-4 py-3">Voice</th><th className="px-4 py-3">Status</th></tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {data.assistants.map((a) => (
            <tr key={a.id} className="hover:bg-slate-50">
              <td className="px-4 py-3 font-medium"><Link className="text-brand-700 hover:underline" href={`/assistants/${a.id}`}>{a.name}</Link></td>
              <td className="px-4 py-3 text-slate-600">{a.llm_config.provider} · {a.llm_config.model}</td>
              <td className="px-4 py-3 text-slate-600">{a.tts_config.provider} · {a.tts_config.voice_id}</td>
              <td className="px-4 py-3">{a.is_active ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
