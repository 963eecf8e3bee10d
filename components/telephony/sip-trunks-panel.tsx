"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { deleteSipTrunkRequest, sipTrunkQueries } from "@/lib/client/telephony";
import type { SipTrunk } from "@/lib/schemas/sip-trunk";
import { Badge, Button, Card } from "@/components/ui/primitives";
import { DataTable, listState } from "@/components/ui/data-table";
import { EditDeleteActions } from "@/components/ui/edit-delete-actions";
import { SipTrunkForm } from "./sip-trunk-form";

// Owners and admins create, edit and delete trunks; members see them, never a password.
export function SipTrunksPanel({ canManage }: { canManage: boolean }) {
  const [editing, setEditing] = useState<SipTrunk | "new" | null>(null);
  return (
    <div className="space-y-6">
      {canManage && editing === null && <Button type="button" onClick={() => setEditing("new")}>New SIP trunk</Button>}
      {editing !== null && (
        <Card title={editing === "new" ? "New SIP trunk" : `Edit “${editing.name}”`}>
          <SipTrunkForm key={editing === "new" ? "new" : editing.id} trunk={editing === "new" ? undefined : editing} onDone={() => setEditing(null)} />
        </Card>
      )}
      <Card title="SIP trunks"><SipTrunksTable canManage={canManage} onEdit={setEditing} /></Card>
    </div>
  );
}

function SipTrunksTable({ canManage, onEdit }: { canManage: boolean; onEdit: (t: SipTrunk) => void }) {
  const query = useQuery(sipTrunkQueries.list());
  const state = listState(query, query.data?.trunks, "SIP trunks");
  if (state) return state;
  return (
    <DataTable testId="sip-trunks-table" columns={["Name", "Outbound", "Inbound addresses", "Caller ID", "Credentials", "Status"]} hasActions={canManage}>
      {query.data!.trunks.map((t) => <Row key={t.id} trunk={t} canManage={canManage} onEdit={onEdit} />)}
    </DataTable>
  );
}

// Deleting asks once more in place; the trunk's numbers stay, without a trunk.
function Row({ trunk, canManage, onEdit }: { trunk: SipTrunk; canManage: boolean; onEdit: (t: SipTrunk) => void }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => deleteSipTrunkRequest(trunk.id),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ["sip-trunks"] }), queryClient.invalidateQueries({ queryKey: ["numbers"] })]),
  });
  return (
    <tr data-sip-trunk={trunk.name}>
      <td className="py-2 pr-4 font-medium">
        {trunk.name}
        {trunk.provider && <p className="text-xs font-normal text-slate-500">{trunk.provider}</p>}
      </td>
      <td className="py-2 pr-4 font-mono text-xs text-slate-700">{trunk.outbound_address ? `${trunk.outbound_address} (${trunk.transport.toUpperCase()})` : "—"}</td>
      <td className="py-2 pr-4 font-mono text-xs text-slate-700">{trunk.inbound_addresses.length ? trunk.inbound_addresses.join(", ") : "any"}</td>
      <td className="py-2 pr-4 font-mono text-xs text-slate-700">{trunk.outbound_number ?? "—"}</td>
      <td className="py-2 pr-4 text-xs text-slate-700" data-testid="trunk-credentials">
        {trunk.auth_username ? <span className="font-mono">{trunk.auth_username}</span> : "no username"} · {trunk.has_password ? <span aria-label="password stored">••••••••</span> : "no password"}
      </td>
      <td className="py-2 pr-4">{trunk.is_active ? <Badge tone="green">Active</Badge> : <Badge tone="slate">Inactive</Badge>}</td>
      {canManage && <EditDeleteActions name={trunk.name} onEdit={() => onEdit(trunk)} remove={remove} />}
    </tr>
  );
}
