import "server-only";
import { AppError } from "@/lib/errors/app-error";
import { findCallProviderKeys } from "@/lib/provider-keys/call-keys";
import { keyBaseUrl } from "@/lib/provider-keys/provider-check";
import { env } from "@/lib/env";
import type { LlmCredentials } from "@/lib/llm/complete-chat";
import type { OrgScope } from "@/lib/tenancy/scope";

// The organisation's own OpenAI key (BYOK) when it has one, the platform key otherwise.
export async function resolveGenerationLlm(scope: OrgScope): Promise<LlmCredentials> {
  const { openai } = await findCallProviderKeys(scope, ["openai"]);
  const apiKey = openai?.api_key ?? env().OPENAI_API_KEY;
  if (!apiKey) {
    throw new AppError("service_unavailable", "No language model key is configured: add an OpenAI key under Provider keys");
  }
  return {
    apiKey,
    baseUrl: keyBaseUrl("openai", openai?.base_url ?? null)!,
    model: env().GENERATION_MODEL,
    // Only the organisation's own base URL is customer-supplied (outbound guard).
    allowPrivateNetworks: !openai?.base_url || env().OUTBOUND_ALLOW_PRIVATE_NETWORKS,
  };
}
