// Demo data for a local install: an organisation, an admin user and an assistant; the demo
// user also runs the platform organisation (switch to "Platform" to create partners).
// Idempotent: running it again changes nothing that exists.
import { PrismaPg } from "@prisma/adapter-pg";
import { hash } from "@node-rs/argon2";
import { PrismaClient } from "../lib/generated/prisma/client.ts";
import { makePlatformOperator } from "./platform-operator.ts";

export const DEMO_EMAIL = "demo@switchboard.local";
export const DEMO_PASSWORD = "switchboard-demo-2026";

export async function seed(databaseUrl: string) {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  try {
    const existing = await db.user.findUnique({ where: { email: DEMO_EMAIL } });
    if (existing) return { created: false };
    await db.$transaction(async (tx) => {
      const org = await tx.organization.create({ data: { name: "Demo Company", slug: "demo-company", kind: "client" } });
      const user = await tx.user.create({
        data: { email: DEMO_EMAIL, name: "Demo Admin", passwordHash: await hash(DEMO_PASSWORD) },
      });
      await tx.membership.create({ data: { userId: user.id, organizationId: org.id, role: "owner" } });
      await tx.assistant.create({
        data: {
          organizationId: org.id,
          name: "Demo Receptionist",
          businessName: "Demo Company",
          firstMessage: "Hello, thanks for calling Demo Company. How can I help you today?",
          maxDurationSeconds: 600,
          sttConfig: { provider: "deepgram", model: "nova-3-general", language: "en", keyterms: [] },
          llmConfig: {
            provider: "openai",
            model: "gpt-4o-mini",
            temperature: 0.7,
            messages: [{ role: "system", content: "You are the friendly receptionist of Demo Company. Keep answers short." }],
            tools: [],
          },
          ttsConfig: { provider: "elevenlabs", model: "eleven_flash_v2_5", voice_id: "21m00Tcm4TlvDq8ikWAM" },
        },
      });
    });
  } finally {
    await db.$disconnect();
  }
  await makePlatformOperator(databaseUrl, DEMO_EMAIL);
  return { created: true };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is required");
  const { created } = await seed(url);
  console.log(created ? `Seeded demo data (${DEMO_EMAIL} / ${DEMO_PASSWORD})` : "Demo data already present");
}
