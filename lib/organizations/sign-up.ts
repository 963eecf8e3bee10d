import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { hashPassword } from "@/lib/auth/password";
import { signupSchema, type SignupInput } from "@/lib/schemas/auth";
import { Prisma } from "@/lib/generated/prisma/client";
import { resolveHost } from "@/lib/branding/host";

export function slugify(name: string): string {
  const base = name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);
  return `${base || "org"}-${randomBytes(3).toString("hex")}`;
}

/**
 * Where a sign-up through `host` puts the new organisation: on the platform's hosts a client of
 * its own; on a partner's portal a client under that partner, as the partner's setting allows
 * (open, approval: the client waits until the partner approves it, closed: refused).
 */
export async function signupPlacement(host: string | null): Promise<{ parentId: string | null; approvalPending: boolean }> {
  const target = await resolveHost(host);
  if (target.kind === "platform") return { parentId: null, approvalPending: false };
  if (target.kind === "unknown") throw new AppError("forbidden", "Sign-up is not available on this host");
  const partner = await db.organization.findUnique({ where: { id: target.organizationId }, select: { id: true, clientSignup: true } });
  if (!partner || partner.clientSignup === "closed") throw new AppError("forbidden", "Sign-up is closed on this portal; ask its operator for an account");
  return { parentId: partner.id, approvalPending: partner.clientSignup === "approval" };
}

// Creates a user, their organisation and the owner membership in one transaction.
export async function signUpUser(input: SignupInput, options: { host?: string | null } = {}) {
  const data = signupSchema.parse(input);
  const placement = options.host === undefined ? { parentId: null, approvalPending: false } : await signupPlacement(options.host);
  const passwordHash = await hashPassword(data.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: data.email, name: data.name, passwordHash } });
      const organization = await tx.organization.create({
        data: { name: data.organization_name, slug: slugify(data.organization_name), kind: "client", ...placement },
      });
      await tx.membership.create({ data: { userId: user.id, organizationId: organization.id, role: "owner" } });
      return { user, organization };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("conflict", "An account with this email already exists", "email");
    }
    throw error;
  }
}
