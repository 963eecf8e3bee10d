"use client";
import { queryOptions } from "@tanstack/react-query";
import type { BodyInputOf } from "@/lib/api/operation";
import * as organizations from "@/lib/api/operations/organizations";
import * as team from "@/lib/api/operations/team";
import * as audit from "@/lib/api/operations/audit";
import { apiFetch, fetchJson } from "@/lib/client/api";
import type { Role } from "@/lib/tenancy/permissions";

// Organisations below the acting one, its team and its audit log.

export const organizationTreeQuery = () =>
  queryOptions({ queryKey: ["organization", "tree"], queryFn: () => apiFetch(organizations.getOrganization, { query: { include_children: "true" } }) });

export const createOrganizationRequest = (body: BodyInputOf<typeof organizations.createOrganization>) => apiFetch(organizations.createOrganization, { body });

export const updateOrganizationRequest = (body: BodyInputOf<typeof organizations.updateOrganization>) => apiFetch(organizations.updateOrganization, { body });

export const teamQueries = {
  members: () => queryOptions({ queryKey: ["team", "members"], queryFn: () => apiFetch(team.listMembers).then((r) => r.members) }),
  invitations: () => queryOptions({ queryKey: ["team", "invitations"], queryFn: () => apiFetch(team.listInvitations).then((r) => r.invitations) }),
};

export const inviteMemberRequest = (body: BodyInputOf<typeof team.createInvitation>) => apiFetch(team.createInvitation, { body });
export const revokeInvitationRequest = (id: string) => apiFetch(team.revokeInvitation, { params: { id } });
export const updateMemberRequest = (id: string, role: Role) => apiFetch(team.updateMember, { params: { id }, body: { role } });
export const removeMemberRequest = (id: string) => apiFetch(team.removeMember, { params: { id } });

export const auditLogQuery = (offset: number) =>
  queryOptions({ queryKey: ["audit-log", offset], queryFn: () => apiFetch(audit.listAuditLog, { query: { limit: 50, offset } }) });

// The public steps from an email link (outside /api/v1, like sign-up).
export const acceptInvitationRequest = (body: { token: string; password: string; name?: string }) =>
  fetchJson<{ organization_id: string; email: string; role: Role; is_new_user: boolean }>("/api/invitations/accept", { method: "POST", body: JSON.stringify(body) });
export const requestPasswordResetRequest = (email: string) => fetchJson<{ success: true }>("/api/password-reset", { method: "POST", body: JSON.stringify({ email }) });
export const confirmPasswordResetRequest = (token: string, password: string) =>
  fetchJson<{ success: true }>("/api/password-reset/confirm", { method: "POST", body: JSON.stringify({ token, password }) });
