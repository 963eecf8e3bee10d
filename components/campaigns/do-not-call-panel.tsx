"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { addDoNotCallRequest, deleteDoNotCallRequest, doNotCallQueries } from "@/lib/client/campaigns";
import { Button, Card, ErrorBanner, Input } from "@/components/ui/primitives";
import { listState } from "@/components/ui/data-table";
import { CsvImport } from "./csv-import";

export function DoNotCallPanel({ canManage }: { canManage: boolean }) {
  const queryClient = useQueryClient();
  const list = useQuery(doNotCallQueries.list());
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["do-not-call"] });
  const [number, setNumber] = useState("");
  const [reason, setReason] = useState("");
  const add = useMutation({ mutationFn: () => addDoNotCallRequest(number, reason.trim() || null), onSuccess: () => { setNumber(""); setReason(""); void refresh(); } });
  const remove = useMutation({ mutationFn: (id: string) => deleteDoNotCallRequest(id), onSuccess: refresh });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  const state = listState(list, list.data?.do_not_call, "do-not-call numbers");
  return (
    <div className="space-y-6">
      {canManage && (
        <Card title="Add numbers">
          <form onSubmit={submit} className="flex flex-wrap items-end gap-3">
            <Input aria-label="Phone number" placeholder="+31201234567" value={number} onChange={(e) => setNumber(e.target.value)} className="w-56" required />
            <Input aria-label="Reason" placeholder="Reason (optional)" value={reason} onChange={(e) => setReason(e.target.value)} className="w-64" />
            <Button type="submit" disabled={add.isPending}>Add</Button>
          </form>
          {add.error && <div className="mt-2"><ErrorBanner message={add.error.message} /></div>}
          <div className="mt-4"><CsvImport path="/do-not-call/import" onImported={refresh} label="Import numbers" /></div>
        </Card>
      )}
      <Card title="Do-not-call list">
        {state ?? (
          <table className="min-w-full text-sm" data-testid="dnc-table">
            <thead><tr className="text-left text-slate-500"><th>Number</th><th>Reason</th><th>Source</th><th>Added</th><th /></tr></thead>
            <tbody>
              {list.data!.do_not_call.map((entry) => (
                <tr key={entry.id} className="border-t border-slate-100">
                  <td className="py-1 font-mono">{entry.phone_number}</td>
                  <td>{entry.reason ?? ""}</td>
                  <td>{entry.source}</td>
                  <td>{new Date(entry.created_at).toLocaleDateString()}</td>
                  <td>{canManage && <Button type="button" variant="secondary" aria-label={`Remove ${entry.phone_number}`} onClick={() => remove.mutate(entry.id)}>Remove</Button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
