import Link from "next/link";
import { getPortalSession } from "@/lib/auth/session";
import { can } from "@/lib/tenancy/permissions";
import { env } from "@/lib/env";
import { ApiKeysPanel } from "@/components/api-keys/api-keys-panel";

export default async function ApiKeysPage() {
  const session = await getPortalSession();
  const canManage = can(session, "api_keys.write");
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">API keys</h1>
        <p className="mt-1 text-sm text-slate-600">
          Keys let your own systems call the API as this organisation: send <code className="font-mono">Authorization: Bearer sb_live_…</code>.
          Each key may make {env().RATE_LIMIT_PER_MINUTE} requests a minute. See the <Link className="text-brand-600 hover:underline" href="/api-reference">API reference</Link>.
        </p>
      </div>
      <ApiKeysPanel canManage={canManage} />
    </div>
  );
}
