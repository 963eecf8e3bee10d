// Makes a user an owner of the platform organisation (the operator of this install, at the
// top of the tree: platform → partners → clients), creating that organisation on first use.
// Idempotent. The user must exist (sign up first). With `npm start` running:
//   npm run platform:operator -- you@example.com
// (DATABASE_URL, when set, names another database.)
import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../lib/generated/prisma/client.ts";

export const PLATFORM_ORGANIZATION_NAME = "Platform";

export async function makePlatformOperator(databaseUrl: string, email: string): Promise<{ organizationId: string; created: boolean }> {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  try {
    return await db.$transaction(async (tx) => {
      // One platform organisation per install; the lock makes two concurrent runs agree.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(727001)`;
      const user = await tx.user.findUnique({ where: { email: email.trim().toLowerCase() } });
      if (!user) throw new Error(`No user with the email ${email}; sign up first`);
      let platform = await tx.organization.findFirst({ where: { kind: "platform" }, orderBy: { createdAt: "asc" } });
      const created = !platform;
      platform ??= await tx.organization.create({ data: { name: PLATFORM_ORGANIZATION_NAME, slug: `platform-${randomBytes(3).toString("hex")}`, kind: "platform" } });
      await tx.membership.upsert({
        where: { userId_organizationId: { userId: user.id, organizationId: platform.id } },
        create: { userId: user.id, organizationId: platform.id, role: "owner" },
        update: { role: "owner" },
      });
      return { organizationId: platform.id, created };
    });
  } finally {
    await db.$disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { DEFAULT_DATABASE, EMBEDDED_PG_PASSWORD, EMBEDDED_PG_USER } = await import("../scripts/lib/postgres.ts");
  // Default: the embedded database of `npm start`.
  const url = process.env.DATABASE_URL || `postgresql://${EMBEDDED_PG_USER}:${EMBEDDED_PG_PASSWORD}@127.0.0.1:${process.env.POSTGRES_PORT ?? 54329}/${DEFAULT_DATABASE}`;
  const email = process.argv[2];
  if (!email) throw new Error("usage: platform-operator.ts <email>");
  const { organizationId } = await makePlatformOperator(url, email);
  console.log(`${email} is an owner of the platform organisation ${organizationId}`);
}
