"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ApiClientError } from "@/lib/client/api";
import { inviteMemberRequest, removeMemberRequest, revokeInvitationRequest, teamQueries, updateMemberRequest } from "@/lib/client/organizations";
import { invitationCreateSchema } from "@/lib/schemas/team";
import { ROLES, type Role } from "@/lib/tenancy/permissions";
import { Button, Card, ErrorBanner, Field, Input, Select } from "@/components/ui/primitives";
import { DataTable, listState } from "@/components/ui/data-table";
import { formatDateTime } from "@/components/ui/format";

export const ROLE_LABELS: Record<Role, string> = { owner: "Owner", admin: "Admin", member: "Member", read_only: "Read-only" };

// Members of the acting organisation, pending invitations, and the invite form (admins).
export function TeamPanel({ canManage, currentUserId }: { canManage: boolean; currentUserId: string }) {
  const queryClient = useQueryClient();
  const members = useQuery(teamQueries.members());
  const invitations = useQuery(teamQueries.invitations());
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("member");
  const [errors, setErrors] = useState<{ email?: string; role?: string; form?: string }>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["team"] });

  const invite = useMutation({
    mutationFn: inviteMemberRequest,
    onSuccess: async (res) => {
      setNotice(res.email_sent ? `Invitation sent to ${res.invitation.email}.` : `Invitation created for ${res.invitation.email}, but the email could not be sent; withdraw it and invite again.`);
      setEmail("");
      await refresh();
    },
    onError: (e) => {
      const param = e instanceof ApiClientError ? e.param : null;
      if (param === "email" || param === "role") setErrors({ [param]: e.message.replace(`${param}: `, "") });
      else setErrors({ form: e.message });
    },
  });
  const onRowError = (e: Error) => setRowError(e.message);
  const changeRole = useMutation({ mutationFn: ({ id, role }: { id: string; role: Role }) => updateMemberRequest(id, role), onSuccess: refresh, onError: onRowError });
  const remove = useMutation({ mutationFn: removeMemberRequest, onSuccess: refresh, onError: onRowError });
  const withdraw = useMutation({ mutationFn: revokeInvitationRequest, onSuccess: refresh, onError: onRowError });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const parsed = invitationCreateSchema.safeParse({ email, role });
    if (!parsed.success) return setErrors({ email: "Enter a valid email address" });
    setErrors({});
    setNotice(null);
    invite.mutate(parsed.data);
  }

  const memberState = listState(members, members.data, "members");
  return (
    <div className="space-y-6">
      {canManage ? (
        <Card title="Invite someone">
          <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end" noValidate>
            {errors.form && <div className="sm:col-span-3"><ErrorBanner message={errors.form} /></div>}
            <Field label="Email" htmlFor="invite-email" error={errors.email}>
              <Input id="invite-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
            </Field>
            <Field label="Role" htmlFor="invite-role" error={errors.role}>
              <Select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {ROLES.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}
              </Select>
            </Field>
            <Button type="submit" disabled={invite.isPending}>{invite.isPending ? "Sending…" : "Send invitation"}</Button>
          </form>
          {notice && <p role="status" className="mt-3 text-sm text-green-700">{notice}</p>}
        </Card>
      ) : (
        <p className="text-sm text-slate-600">Only owners and admins can invite people or change roles.</p>
      )}
      {rowError && <ErrorBanner message={rowError} />}
      <Card title="Members">
        {memberState ?? (
          <DataTable testId="members-table" columns={["Name", "Email", "Role", "Since"]} hasActions>
            {members.data!.map((m) => (
              <tr key={m.id}>
                <td className="py-2 pr-4">{m.name ?? "—"}</td>
                <td className="py-2 pr-4">{m.email}</td>
                <td className="py-2 pr-4">
                  {canManage ? (
                    <Select aria-label={`Role of ${m.email}`} value={m.role} onChange={(e) => { setRowError(null); changeRole.mutate({ id: m.id, role: e.target.value as Role }); }}>
                      {ROLES.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}
                    </Select>
                  ) : ROLE_LABELS[m.role]}
                </td>
                <td className="py-2 pr-4">{formatDateTime(m.created_at)}</td>
                <td className="py-2 text-right">
                  {(canManage || m.user_id === currentUserId) && (
                    <Button type="button" variant="secondary" onClick={() => { setRowError(null); remove.mutate(m.id); }}>
                      {m.user_id === currentUserId ? "Leave" : "Remove"}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
      <Card title="Pending invitations">
        {listState(invitations, invitations.data, "pending invitations") ?? (
          <DataTable testId="invitations-table" columns={["Email", "Role", "Invited by", "Expires"]} hasActions={canManage}>
            {invitations.data!.map((i) => (
              <tr key={i.id}>
                <td className="py-2 pr-4">{i.email}</td>
                <td className="py-2 pr-4">{ROLE_LABELS[i.role]}</td>
                <td className="py-2 pr-4">{i.invited_by ?? "API key"}</td>
                <td className="py-2 pr-4">{formatDateTime(i.expires_at)}</td>
                {canManage && <td className="py-2 text-right"><Button type="button" variant="secondary" onClick={() => withdraw.mutate(i.id)}>Withdraw</Button></td>}
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </div>
  );
}
