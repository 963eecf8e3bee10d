import "server-only";
import NextAuth from "next-auth";
import { json, parseBody, withErrors } from "@/lib/api/handler";
import { authOptions } from "@/lib/auth/options";
import { signupSchema } from "@/lib/schemas/auth";
import { signUpUser } from "@/lib/organizations/sign-up";

/** POST /api/signup — creates a user, an organisation and the owner membership. */
export const postSignup = withErrors(async ({ req }) => {
  const body = await parseBody(req, signupSchema);
  const { user, organization } = await signUpUser(body);
  return json({ user: { id: user.id, email: user.email }, organization: { id: organization.id, name: organization.name } }, 201);
});

/** next-auth's own endpoints (sign in, sign out, session, csrf). */
export function nextAuthHandler(req: Request, ctx: unknown) {
  return NextAuth(authOptions())(req, ctx);
}
