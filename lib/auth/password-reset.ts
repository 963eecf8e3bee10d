import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { hashPassword } from "@/lib/auth/password";
import { passwordResetEmail } from "@/lib/mail/templates";
import { mailBrandOf, sendMail } from "@/lib/mail/send";
import { passwordResetConfirmSchema, passwordResetRequestSchema } from "@/lib/schemas/team";
import { generateLinkToken, hashLinkToken } from "@/lib/team/tokens";
import type { z } from "zod";

// "Forgot password": a single-use link, valid PASSWORD_RESET_TTL_MINUTES, whose token is
// stored as SHA-256. The request answers the same whether the address has an account or not.

export const resetUrlOf = (token: string) => `${env().APP_URL.replace(/\/+$/, "")}/reset-password/${token}`;

/** Emails a reset link when the address has an account; silently does nothing otherwise. */
export async function requestPasswordReset(input: z.input<typeof passwordResetRequestSchema>): Promise<void> {
  const { email } = passwordResetRequestSchema.parse(input);
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, memberships: { orderBy: { createdAt: "asc" }, take: 1, select: { organizationId: true } } },
  });
  if (!user) return;
  const { token, tokenHash } = generateLinkToken();
  const expiresAt = new Date(Date.now() + env().PASSWORD_RESET_TTL_MINUTES * 60_000);
  await db.passwordResetToken.create({ data: { userId: user.id, tokenHash, expiresAt } });
  // The brand of the organisation the user belongs to first (their partner's, say).
  const organizationId = user.memberships[0]?.organizationId;
  const scope = organizationId ? { organizationId } : null;
  const brand = await mailBrandOf(scope);
  try {
    await sendMail(scope, email, passwordResetEmail({ brand, resetUrl: resetUrlOf(token), expiresAt }), brand);
  } catch (error) {
    // The answer must not reveal that the address exists, so a failure is only logged.
    console.error("Password reset email not sent", error instanceof Error ? error.message : error);
  }
}

const invalidLink = () => new AppError("not_found", "This reset link is invalid, used or expired", "token");

/** Sets the new password with a valid link; the link and every other open link of the user stop working. */
export async function confirmPasswordReset(input: z.input<typeof passwordResetConfirmSchema>, now = new Date()): Promise<void> {
  const { token, password } = passwordResetConfirmSchema.parse(input);
  const row = await db.passwordResetToken.findUnique({ where: { tokenHash: hashLinkToken(token) } });
  if (!row || row.usedAt || row.expiresAt <= now) throw invalidLink();
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    const claimed = await tx.passwordResetToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
    if (claimed.count === 0) throw invalidLink();
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash } });
    await tx.passwordResetToken.updateMany({ where: { userId: row.userId, usedAt: null }, data: { usedAt: now } });
  });
}
