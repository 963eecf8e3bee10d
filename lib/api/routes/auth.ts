import "server-only";
import NextAuth from "next-auth";
import { json, parseBody, withErrors } from "@/lib/api/handler";
import { authOptions } from "@/lib/auth/options";
import { signupSchema } from "@/lib/schemas/auth";
import { signUpUser } from "@/lib/organizations/sign-up";

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

/** next-auth's own endpoints (sign in, sign out, session, csrf). */
export function nextAuthHandler(req: Request, ctx: unknown) {
  return NextAuth(authOptions())(req, ctx);
}
