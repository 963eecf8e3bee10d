import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { hashPassword } from "@/lib/auth/password";
import { signupSchema, type SignupInput } from "@/lib/schemas/auth";
import { Prisma } from "@/lib/generated/prisma/client";

export function slugify(name: string): string {
  const base = name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);
  return `${base || "org"}-${randomBytes(3).toString("hex")}`;
}

// Creates a user, their organisation and the owner membership in one transaction.
export async function signUpUser(input: SignupInput) {
  const data = signupSchema.parse(input);
  const passwordHash = await hashPassword(data.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: data.email, name: data.name, passwordHash } });
      const organization = await tx.organization.create({
        data: { name: data.organization_name, slug: slugify(data.organization_name), kind: "client" },
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
