"use client";
import { useQuery } from "@tanstack/react-query";
import { assistantQueries } from "@/lib/client/api";
import { ErrorBanner } from "@/components/ui/primitives";
import { AssistantForm } from "@/components/assistants/assistant-form";
import { TestCallPanel } from "@/components/calls/test-call-panel";
import { DialOutPanel } from "@/components/calls/dial-out-panel";
import { CallsTable } from "@/components/calls/calls-list";

export function AssistantDetail({ id }: { id: string }) {
  const { data: assistant, error, isPending } = useQuery(assistantQueries.detail(id));
  if (isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (error) return <ErrorBanner message={error.message} />;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{assistant.name}</h1>
      <div className="grid gap-6 xl:grid-cols-[1fr_420px]">
        <AssistantForm key={assistant.updated_at} assistant={assistant} />
        <div className="space-y-6">
          <TestCallPanel assistantId={assistant.id} />
          <DialOutPanel assistantId={assistant.id} />
          <CallsTable assistantId={assistant.id} compact />
        </div>
      </div>
    </div>
  );
}
