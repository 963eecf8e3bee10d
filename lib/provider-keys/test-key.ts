import "server-only";
import { decryptSecret } from "@/lib/crypto";
import { checkProviderKey } from "@/lib/byok/provider-check";
import { getProviderKeyRowOrThrow, recordProviderKeyTest } from "@/lib/byok/keys";
import type { ByokProvider, ByokTestResult } from "@/lib/schemas/byok";

import type { OrgScope } from "@/lib/tenancy/scope";

/** Calls the provider with the stored key and remembers the outcome (when a test could run). */
export async function testProviderKey(scope: OrgScope, provider: ByokProvider): Promise<ByokTestResult> {
  const row = await getProviderKeyRowOrThrow(scope, provider);
  const result = await checkProviderKey(provider, decryptSecret(row.keyEnc), row.baseUrl);
  if (result.isTested) await recordProviderKeyTest(scope, provider, result.ok);
  return { ok: result.ok, message: result.message };
}
