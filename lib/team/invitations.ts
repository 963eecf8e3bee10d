import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors/app-error";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { Prisma } from "@/lib/generated/prisma/client";
import { invitationEmail } from "@/lib/mail/templates";
import { mailBrandOf, sendMail } from "@/lib/mail/send";
import { invitationAcceptSchema, invitationCreateSchema, invitationSchema, passwordSchema, type Invitation, type InvitationCreateInput } from "@/lib/schemas/team";
import { canManageOwners } from "@/lib/team/members";
import { generateLinkToken, hashLinkToken } from "@/lib/team/tokens";
import type { Role } from "@/lib/tenancy/permissions";
import { organizationWhere, orgWhere, type OrgScope, type Scope } from "@/lib/tenancy/scope";
import type { z } from "zod";

// Invitations to join an organisation by email. The link carries a random token; only its
// SHA-256 is stored, it expires (INVITATION_TTL_HOURS) and works once.

type Row = { id: string; email: string; role: Role; expiresAt: Date; createdAt: Date; invitedBy: { email: string } | null };

const serialize = (row: Row): Invitation =>
  invitationSchema.parse({
    id: row.id, email: row.email, role: row.role, invited_by: row.invitedBy?.email ?? null,
    expires_at: row.expiresAt.toISOString(), created_at: row.createdAt.toISOString(),
  });

const include = { invitedBy: { select: { email: true, name: true } } } as const;

export const acceptUrlOf = (token: string) => `${env().APP_URL.replace(/\/+$/, "")}/invite/${token}`;

/** Pending invitations (not accepted, not expired), newest first. */
export async function findInvitations(scope: OrgScope, now = new Date()): Promise<Invitation[]> {
  const rows = await db.invitation.findMany({ where: { ...orgWhere(scope), acceptedAt: null, expiresAt: { gt: now } }, include, orderBy: [{ createdAt: "desc" }, { id: "asc" }] });
  return rows.map(serialize);
}

/**
 * Invites `email` with `role` and emails the link in the organisation's brand. An earlier
 * pending invitation of the same address is replaced (its link stops working). The invitation
 * stays when the email cannot be sent; `emailSent` says so.
 */
export async function inviteMember(scope: Scope, input: InvitationCreateInput): Promise<{ invitation: Invitation; emailSent: boolean; token: string }> {
  const { email, role } = invitationCreateSchema.parse(input);
  if (role === "owner" && !(await canManageOwners(scope))) throw new AppError("forbidden", "Only an owner can invite an owner", "role");
  const existing = await db.membership.count({ where: { ...orgWhere(scope), user: { email } } });
  if (existing > 0) throw new AppError("conflict", "This person is already a member", "email");
  const { token, tokenHash } = generateLinkToken();
  const expiresAt = new Date(Date.now() + env().INVITATION_TTL_HOURS * 3600_000);
  const invitedByUserId = scope.principal.kind === "user" ? scope.principal.userId : null;
  const row = await db.$transaction(async (tx) => {
    await tx.invitation.deleteMany({ where: { ...orgWhere(scope), email, acceptedAt: null } });
    return tx.invitation.create({ data: { organizationId: scope.organizationId, email, role, tokenHash, expiresAt, invitedByUserId }, include });
  });
  const inviterName = row.invitedBy ? (row.invitedBy.name ?? row.invitedBy.email) : null;
  const emailSent = await sendInvitationEmail(scope, { email, role, token, expiresAt, inviterName });
  return { invitation: serialize(row), emailSent, token };
}

async function sendInvitationEmail(scope: OrgScope, input: { email: string; role: Role; token: string; expiresAt: Date; inviterName: string | null }): Promise<boolean> {
  const org = await db.organization.findUnique({ where: organizationWhere(scope), select: { name: true } });
  const brand = await mailBrandOf(scope);
  const mail = invitationEmail({
    brand,
    organizationName: org?.name ?? brand.productName,
    inviterName: input.inviterName,
    role: input.role,
    acceptUrl: acceptUrlOf(input.token),
    expiresAt: input.expiresAt,
  });
  try {
    await sendMail(scope, input.email, mail, brand);
    return true;
  } catch (error) {
    console.error("Invitation email not sent", error instanceof Error ? error.message : error);
    return false;
  }
}

export async function revokeInvitation(scope: OrgScope, id: string): Promise<void> {
  const { count } = await db.invitation.deleteMany({ where: { id, ...orgWhere(scope), acceptedAt: null } });
  if (count === 0) throw notFound("Invitation");
}

/** What the accept page shows: the organisation, the address and whether it has an account. */
export async function findInvitationByToken(token: string, now = new Date()) {
  const row = await db.invitation.findUnique({
    where: { tokenHash: hashLinkToken(token) },
    select: { id: true, email: true, role: true, expiresAt: true, acceptedAt: true, organization: { select: { id: true, name: true } } },
  });
  if (!row || row.acceptedAt || row.expiresAt <= now) return null;
  const hasAccount = (await db.user.count({ where: { email: row.email } })) > 0;
  return { email: row.email, role: row.role, organizationId: row.organization.id, organizationName: row.organization.name, hasAccount };
}

const invalidLink = () => new AppError("not_found", "This invitation link is invalid, used or expired", "token");

/**
 * Accepts an invitation: an existing account proves itself with its password; otherwise the
 * account is created with the given name and password. Then the membership is made.
 */
export async function acceptInvitation(input: z.input<typeof invitationAcceptSchema>, now = new Date()) {
  const data = invitationAcceptSchema.parse(input);
  const invitation = await db.invitation.findUnique({ where: { tokenHash: hashLinkToken(data.token) } });
  if (!invitation || invitation.acceptedAt || invitation.expiresAt <= now) throw invalidLink();
  const user = await db.user.findUnique({ where: { email: invitation.email }, omit: { passwordHash: false } });
  if (user && !(await verifyPassword(user.passwordHash, data.password))) {
    throw new AppError("unauthorized", "Wrong password for this account", "password");
  }
  let passwordHash: string | null = null;
  if (!user) {
    const parsed = passwordSchema.safeParse(data.password);
    if (!parsed.success) throw new AppError("validation_error", parsed.error.issues[0]?.message ?? "Invalid password", "password");
    if (!data.name) throw new AppError("validation_error", "Your name is required", "name");
    passwordHash = await hashPassword(data.password);
  }
  try {
    return await db.$transaction(async (tx) => {
      // Claims the invitation first: of two concurrent accepts only one updates the row.
      const claimed = await tx.invitation.updateMany({ where: { id: invitation.id, organizationId: invitation.organizationId, acceptedAt: null }, data: { acceptedAt: now } });
      if (claimed.count === 0) throw invalidLink();
      const member = user ?? (await tx.user.create({ data: { email: invitation.email, name: data.name ?? null, passwordHash: passwordHash! } }));
      await tx.membership.upsert({
        where: { userId_organizationId: { userId: member.id, organizationId: invitation.organizationId } },
        create: { userId: member.id, organizationId: invitation.organizationId, role: invitation.role },
        update: {},
      });
      return { organization_id: invitation.organizationId, email: invitation.email, role: invitation.role, is_new_user: !user };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new AppError("conflict", "An account with this email was created meanwhile; accept again with its password", "password");
    throw error;
  }
}
