import "server-only";
import { json, parseQuery, withOrg } from "@/lib/api/handler";
import { voiceListQuerySchema } from "@/lib/schemas/voice";
import { findVoices } from "@/lib/voices/catalogue";

/** GET /voices — the curated voice catalogue, filtered by provider and language. */
export const listVoices = withOrg(async ({ req }) => {
  const filters = parseQuery(req, voiceListQuerySchema);
  return json({ voices: findVoices(filters) });
}, { permission: "assistants.read" });
