import "server-only";
import { json, parseBody, withOrg } from "@/lib/api/handler";
import { assistantDraftRequestSchema } from "@/lib/schemas/generation";
import { generateAssistantDraft } from "@/lib/generation/generate-assistant-draft";
import { resolveGenerationLlm } from "@/lib/generation/resolve-llm";

/** POST /assistants/generate — draft a system prompt and first message from a business description. */
export const postAssistantDraft = withOrg(async ({ req, scope }) => {
  const body = await parseBody(req, assistantDraftRequestSchema);
  return json({ draft: await generateAssistantDraft(body, await resolveGenerationLlm(scope)) });
}, { permission: "assistants.write" });
