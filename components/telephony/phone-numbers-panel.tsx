"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { deletePhoneNumberRequest, phoneNumberQueries, sipTrunkQueries, updatePhoneNumberRequest } from "@/lib/client/telephony";
import type { PhoneNumber } from "@/lib/schemas/phone-number";
import type { SipTrunk } from "@/lib/schemas/sip-trunk";
import { Badge, Button, Card } from "@/components/ui/primitives";
import { ConfirmInPlace } from "@/components/ui/confirm-in-place";
import { CopyButton } from "@/components/ui/copy-button";
import { listState } from "@/components/ui/data-table";
import { PhoneNumberForm } from "./phone-number-form";

// Owners and admins register, change and delete numbers; members see them and their settings.
export function PhoneNumbersPanel({ canManage, sipAddress }: { canManage: boolean; sipAddress: string }) {
  const [editing, setEditing] = useState<PhoneNumber | "new" | null>(null);
  const numbers = useQuery(phoneNumberQueries.list());
  const trunks = useQuery(sipTrunkQueries.list());
  const state = listState(numbers, numbers.data?.numbers, "phone numbers");
  const trunkOf = (n: PhoneNumber) => trunks.data?.trunks.find((t) => t.id === n.transfer_trunk_id) ?? null;
  return (
    <div className="space-y-6">
      {canManage && editing === null && <Button type="button" onClick={() => setEditing("new")}>Register a number</Button>}
      {editing !== null && (
        <Card title={editing === "new" ? "Register a number" : `Edit ${editing.phone_number}`}>
          <PhoneNumberForm key={editing === "new" ? "new" : editing.id} number={editing === "new" ? undefined : editing} onDone={() => setEditing(null)} />
        </Card>
      )}
      {state ? <Card title="Phone numbers">{state}</Card> : numbers.data!.numbers.map((n) => (
        <NumberCard key={n.id} number={n} trunk={trunkOf(n)} sipAddress={sipAddress} canManage={canManage} onEdit={() => setEditing(n)} />
      ))}
    </div>
  );
}

function NumberCard({ number, trunk, sipAddress, canManage, onEdit }: { number: PhoneNumber; trunk: SipTrunk | null; sipAddress: string; canManage: boolean; onEdit: () => void }) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["numbers"] });
  const toggle = useMutation({ mutationFn: () => updatePhoneNumberRequest(number.id, { is_active: !number.is_active }), onSuccess: refresh });
  const remove = useMutation({ mutationFn: () => deletePhoneNumberRequest(number.id), onSuccess: refresh });
  const error = toggle.error ?? remove.error;
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm" data-number={number.phone_number}>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h2 className="font-mono text-lg font-semibold text-slate-800">{number.phone_number}</h2>
          {number.name && <p className="text-sm text-slate-600">{number.name}</p>}
          <p className="mt-1 text-sm text-slate-700">
            Assistant: <span data-testid="number-assistant">{number.agent_name ?? "none"}</span> · SIP trunk: <span data-testid="number-trunk">{number.transfer_trunk_name ?? "none"}</span>
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <span data-testid="number-status">{number.is_active ? <Badge tone="green">Active</Badge> : <Badge tone="slate">Inactive</Badge>}</span>
          {canManage && (
            <ConfirmInPlace
              actionLabel="Delete"
              actionAriaLabel={`Delete ${number.phone_number}`}
              confirmLabel="Confirm delete"
              pendingLabel="Deleting…"
              warning="Calls to this number will no longer be answered."
              pending={remove.isPending}
              onStart={() => remove.reset()}
              onConfirm={() => remove.mutate()}
            >
              <Button type="button" variant="secondary" disabled={toggle.isPending} onClick={() => toggle.mutate()}>
                {number.is_active ? "Deactivate" : "Activate"}
              </Button>
              <Button type="button" variant="secondary" aria-label={`Edit ${number.phone_number}`} onClick={onEdit}>Edit</Button>
            </ConfirmInPlace>
          )}
        </div>
      </div>
      {error && <p role="alert" className="mt-2 text-xs text-red-600">{error.message}</p>}
      <ProviderSettings number={number} trunk={trunk} sipAddress={sipAddress} />
    </section>
  );
}

// What the organisation enters at its SIP provider so that calls to the number reach Switchboard.
function ProviderSettings({ number, trunk, sipAddress }: { number: PhoneNumber; trunk: SipTrunk | null; sipAddress: string }) {
  const rows: { label: string; value: string; copy?: boolean; testId: string }[] = [
    { label: "SIP URI", value: number.sip_uri, copy: true, testId: "sip-uri" },
    { label: "SIP server", value: sipAddress, copy: true, testId: "sip-server" },
    { label: "Transport", value: (trunk?.transport ?? "udp").toUpperCase(), testId: "sip-transport" },
    { label: "Number (To user)", value: number.phone_number, copy: true, testId: "sip-number" },
    {
      label: "Allowed source addresses",
      value: trunk?.inbound_addresses.length ? trunk.inbound_addresses.join(", ") : "Any address (set inbound addresses on the SIP trunk to restrict)",
      testId: "sip-allowed",
    },
    {
      label: "Authentication",
      value: trunk?.auth_username
        ? `Your provider signs in with username “${trunk.auth_username}”${trunk.has_password ? " and the trunk’s password" : ""}`
        : "None (set a username and password on the SIP trunk to require it)",
      testId: "sip-auth",
    },
  ];
  return (
    <div className="mt-4 rounded-md border border-slate-100 bg-slate-50 p-4">
      <p className="text-sm font-medium text-slate-700">At your SIP provider, send this number’s calls to:</p>
      <dl className="mt-2 grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[12rem_1fr]">
        {rows.map((row) => (
          <div key={row.label} className="contents">
            <dt className="text-slate-500">{row.label}</dt>
            <dd className="flex items-center gap-2">
              {row.copy || row.label === "Transport" ? (
                <code className="select-all break-all font-mono text-slate-800" data-testid={row.testId}>{row.value}</code>
              ) : (
                <span className="text-slate-800" data-testid={row.testId}>{row.value}</span>
              )}
              {row.copy && <CopyButton value={row.value} label={row.label} />}
            </dd>
          </div>
        ))}
      </dl>
      {!number.is_active && <p className="mt-2 text-xs text-amber-700">Inactive: calls to this number are refused.</p>}
    </div>
  );
}
