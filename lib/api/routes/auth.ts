import "server-only";
import NextAuth from "next-auth";
import { json, parseBody, withErrors } from "@/lib/api/handler";
import { authOptions } from "@/lib/auth/options";
import { signupSchema } from "@/lib/schemas/auth";
import { signUpUser } from "@/lib/organizations/sign-up";
import { acceptInvitation } from "@/lib/team/invitations";
import { confirmPasswordReset, requestPasswordReset } from "@/lib/auth/password-reset";
import { invitationAcceptSchema, passwordResetConfirmSchema, passwordResetRequestSchema } from "@/lib/schemas/team";

/** The host the request was addressed to (Host header; a bare Request in tests: its URL). */
export const requestHost = (req: Request) => req.headers.get("host") ?? new URL(req.url).host;

/** POST /api/signup — creates a user, an organisation (under the partner whose portal this is) and the owner membership. */
export const postSignup = withErrors(async ({ req }) => {
  const body = await parseBody(req, signupSchema);
  // The host decides whose client the new organisation is (a partner's portal domain).
  const { user, organization } = await signUpUser(body, { host: requestHost(req) });
  return json(
    {
      user: { id: user.id, email: user.email },
      organization: { id: organization.id, name: organization.name, parent_org_id: organization.parentId, approval_pending: organization.approvalPending },
    },
    201,
  );
});

/**
 * POST /api/invitations/accept {token, password, name?} — the invitee joins: an existing
 * account gives its password, a new one is created with name and password.
 */
export const postAcceptInvitation = withErrors(async ({ req }) => json(await acceptInvitation(await parseBody(req, invitationAcceptSchema))));

/** POST /api/password-reset {email} — 202 whether or not the address has an account. */
export const postPasswordReset = withErrors(async ({ req }) => {
  await requestPasswordReset(await parseBody(req, passwordResetRequestSchema));
  return json({ success: true }, 202);
});

/** POST /api/password-reset/confirm {token, password} — a single-use link sets the new password. */
export const postPasswordResetConfirm = withErrors(async ({ req }) => {
  await confirmPasswordReset(await parseBody(req, passwordResetConfirmSchema));
  return json({ success: true });
});

/** next-auth's own endpoints (sign in, sign out, session, csrf). */
export function nextAuthHandler(req: Request, ctx: unknown) {
  return NextAuth(authOptions())(req, ctx);
}
