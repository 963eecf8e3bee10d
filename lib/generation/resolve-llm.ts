import "server-only";
import { ApiError } from "@/lib/api/errors";
import { findProviderKeysForCall } from "@/lib/byok/call-keys";
import { env } from "@/lib/env";
import type { LlmCredentials } from "@/lib/generation/generate-assistant-draft";

// The organisation's own OpenAI key (BYOK) when it has one, the platform key otherwise.
export async function resolveGenerationLlm(scope: { organizationId: string }): Promise<LlmCredentials> {
  const { openai } = await findProviderKeysForCall(scope.organizationId, ["openai"]);
  const apiKey = openai?.api_key ?? env().OPENAI_API_KEY;
  if (!apiKey) {
    throw new ApiError("service_unavailable", "No language model key is configured: add an OpenAI key under Provider keys");
  }
  return {
    apiKey,
    baseUrl: openai?.base_url ?? env().OPENAI_BASE_URL ?? "https://api.openai.com/v1",
    model: env().GENERATION_MODEL,
  };
}
