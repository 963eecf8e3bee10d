import "server-only";
import { decryptSecret } from "@/lib/crypto";
import { checkProviderKey } from "@/lib/provider-keys/provider-check";
import { getProviderKeyRowOrThrow, recordProviderKeyTest } from "@/lib/provider-keys/provider-keys";
import type { ProviderKeyProvider, ProviderKeyTestResult } from "@/lib/schemas/provider-key";

import type { OrgScope } from "@/lib/tenancy/scope";

/** Calls the provider with the stored key and remembers the outcome (when a test could run). */
export async function testProviderKey(scope: OrgScope, provider: ProviderKeyProvider): Promise<ProviderKeyTestResult> {
  const row = await getProviderKeyRowOrThrow(scope, provider);
  const result = await checkProviderKey(provider, decryptSecret(row.keyEnc), row.baseUrl);
  if (result.isTested) await recordProviderKeyTest(scope, provider, result.ok);
  return { ok: result.ok, message: result.message };
}
