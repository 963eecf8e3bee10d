import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { createApiKey } from "@/lib/api-keys/api-keys";

// An organisation with an owner-level API key; unique names per call.
export async function createOrgWithKey(label = "org") {
  const suffix = randomBytes(4).toString("hex");
  const organization = await db.organization.create({
    data: { name: `${label} ${suffix}`, slug: `${label}-${suffix}`, kind: "client" },
  });
  const { key, row } = await createApiKey({ organizationId: organization.id }, { name: "test" });
  return { organization, key, apiKeyId: row.id };
}
