import "server-only";
import { db } from "@/lib/db";
import { decryptSecret } from "@/lib/crypto";
import { isProviderKeyProvider } from "@/lib/schemas/provider-key";
import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";

// What the agent worker receives in its call config: the organisation's own keys, in plain
// text, for the providers the call's assistant uses. The worker prefers them to its env keys.
export type CallProviderKeys = Record<string, { api_key: string; base_url?: string }>;

type StageSnapshot = { provider?: unknown; fallbacks?: unknown } | null | undefined;

/** The providers named by an assistant snapshot's stages (stt, llm, tts), fallbacks included. */
export function providersOfAssistant(snapshot: unknown): string[] {
  const stages = (snapshot ?? {}) as Record<string, StageSnapshot>;
  return ["stt_config", "llm_config", "tts_config"]
    .flatMap((stage) => {
      const config = stages[stage];
      const fallbacks = Array.isArray(config?.fallbacks) ? (config.fallbacks as StageSnapshot[]) : [];
      return [config?.provider, ...fallbacks.map((f) => f?.provider)];
    })
    .filter((provider): provider is string => typeof provider === "string");
}

/** The organisation's own keys (decrypted) for those of `providers` it has one for. */
export async function findCallProviderKeys(scope: OrgScope, providers: string[]): Promise<CallProviderKeys> {
  const wanted = [...new Set(providers.filter(isProviderKeyProvider))];
  if (wanted.length === 0) return {};
  const rows = await db.providerKey.findMany({ where: { ...orgWhere(scope), provider: { in: wanted } } });
  const keys: CallProviderKeys = {};
  for (const row of rows) {
    try {
      keys[row.provider] = { api_key: decryptSecret(row.keyEnc), ...(row.baseUrl ? { base_url: row.baseUrl } : {}) };
    } catch {
      // Encrypted under another ENCRYPTION_KEY: unusable, so the platform key applies.
      console.error(`BYOK key for ${row.provider} of organisation ${scope.organizationId} cannot be decrypted; using the platform key`);
    }
  }
  return keys;
}
