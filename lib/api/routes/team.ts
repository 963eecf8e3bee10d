import "server-only";
import { route } from "@/lib/api/handler";
import * as op from "@/lib/api/operations/team";
import { findMembers, removeMember, updateMemberRole } from "@/lib/team/members";
import { findInvitations, inviteMember, revokeInvitation } from "@/lib/team/invitations";

export const listMembers = route(op.listMembers, async ({ scope }) => ({ members: await findMembers(scope) }));

export const patchMember = route(op.updateMember, async ({ scope, params, body }) => ({ member: await updateMemberRole(scope, params.id, body.role) }));

export const deleteMember = route(op.removeMember, async ({ scope, params }) => {
  await removeMember(scope, params.id);
  return { success: true } as const;
});

export const listInvitations = route(op.listInvitations, async ({ scope }) => ({ invitations: await findInvitations(scope) }));

/** The link's token is only in the email. */
export const postInvitation = route(op.createInvitation, async ({ scope, body }) => {
  const { invitation, emailSent } = await inviteMember(scope, body);
  return { invitation, email_sent: emailSent };
});

export const deleteInvitation = route(op.revokeInvitation, async ({ scope, params }) => {
  await revokeInvitation(scope, params.id);
  return { success: true } as const;
});
