import { z } from "zod";
import { defineOperation, successSchema, uuidParam } from "@/lib/api/operation";
import { invitationCreatedSchema, invitationCreateSchema, invitationSchema, memberSchema, memberUpdateSchema } from "@/lib/schemas/team";

// Team members of the acting organisation and invitations by email. Accepting an invitation
// and resetting a password are the portal's (lib/api/routes/auth.ts), like sign-up.

const tags = ["Team"];
const lastOwner = "The last owner cannot leave or be demoted";

export const listMembers = defineOperation({
  operationId: "listMembers", method: "get", path: "/members", tags, permission: "members.read",
  summary: "List team members",
  responses: { 200: { description: "Members, oldest first", schema: z.object({ members: z.array(memberSchema) }) } },
});

export const updateMember = defineOperation({
  operationId: "updateMember", method: "patch", path: "/members/{id}", params: { id: uuidParam("Member") }, tags, permission: "members.write",
  summary: "Change a member's role",
  description: "Only owners (or the parent organisation, or an API key) change ownership.",
  body: memberUpdateSchema,
  responses: { 200: { description: "The member", schema: z.object({ member: memberSchema }) } },
  errors: { 403: "Only an owner can change ownership", 409: lastOwner },
});

export const removeMember = defineOperation({
  operationId: "removeMember", method: "delete", path: "/members/{id}", params: { id: uuidParam("Member") }, tags, permission: "members.read",
  summary: "Remove a member, or leave",
  description: "Anyone may leave (remove their own membership); removing others needs members.write.",
  responses: { 200: { description: "Removed", schema: successSchema } },
  errors: { 403: "Not yours to remove", 409: lastOwner },
});

export const listInvitations = defineOperation({
  operationId: "listInvitations", method: "get", path: "/invitations", tags, permission: "members.read",
  summary: "List pending invitations",
  responses: { 200: { description: "Pending invitations, newest first", schema: z.object({ invitations: z.array(invitationSchema) }) } },
});

export const createInvitation = defineOperation({
  operationId: "createInvitation", method: "post", path: "/invitations", tags, permission: "members.write",
  summary: "Invite someone by email",
  description: "Emails a link valid 7 days (INVITATION_TTL_HOURS); replaces a pending invitation of the address.",
  body: invitationCreateSchema,
  responses: { 201: { description: "Invited", schema: invitationCreatedSchema } },
  errors: { 403: "Only an owner can invite an owner", 409: "Already a member" },
});

export const revokeInvitation = defineOperation({
  operationId: "revokeInvitation", method: "delete", path: "/invitations/{id}", params: { id: uuidParam("Invitation") }, tags, permission: "members.write",
  summary: "Withdraw an invitation",
  responses: { 200: { description: "Withdrawn", schema: successSchema } },
});
