import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { verifyPassword } from "@/lib/auth/password";
import { loginSchema } from "@/lib/schemas/auth";

// next-auth with email + password; the JWT carries the user and the organisation chosen in
// the portal (at sign-in their first membership).
export function authOptions(): NextAuthOptions {
  return {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 7 * 24 * 3600 },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          const parsed = loginSchema.safeParse(credentials);
          if (!parsed.success) return null;
          const user = await db.user.findUnique({
            where: { email: parsed.data.email },
            omit: { passwordHash: false },
            include: { memberships: { orderBy: { createdAt: "asc" }, take: 1 } },
          });
          // Same work and the same answer whether the email exists or not.
          const ok = user
            ? await verifyPassword(user.passwordHash, parsed.data.password)
            : (await verifyPassword(DUMMY_HASH, parsed.data.password), false);
          if (!user || !ok) return null;
          // The initial default; the organisation switcher changes it (jwt callback below).
          return { id: user.id, email: user.email, name: user.name, organizationId: user.memberships[0]?.organizationId ?? null };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user, trigger, session }) {
        if (user) {
          token.userId = user.id;
          token.organizationId = (user as { organizationId?: string | null }).organizationId ?? null;
        }
        // Switching organisation: next-auth only accepts the update with its CSRF token, and the
        // membership is checked here, so a forged id changes nothing.
        if (trigger === "update" && typeof token.userId === "string") {
          const requested = (session as { organizationId?: unknown } | undefined)?.organizationId;
          if (typeof requested === "string" && (await isMemberOf(token.userId, requested))) token.organizationId = requested;
        }
        return token;
      },
      session({ session, token }) {
        session.userId = token.userId as string;
        session.organizationId = (token.organizationId as string | null) ?? null;
        return session;
      },
    },
  };
}

async function isMemberOf(userId: string, organizationId: string): Promise<boolean> {
  if (!UUID.test(organizationId)) return false;
  return (await db.membership.count({ where: { userId, organizationId: organizationId.toLowerCase() } })) > 0;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
