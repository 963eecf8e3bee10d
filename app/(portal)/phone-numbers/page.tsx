import { getPortalSession } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { publicSipAddress } from "@/lib/telephony/sip-config";
import { can } from "@/lib/tenancy/permissions";
import { requestBrand } from "@/lib/api/request-brand";
import { PhoneNumbersPanel } from "@/components/telephony/phone-numbers-panel";

export default async function PhoneNumbersPage() {
  const session = await getPortalSession();
  const canManage = can(session, "numbers.write");
  const brand = await requestBrand(session?.organizationId ?? null);
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Phone numbers</h1>
        <p className="mt-1 text-sm text-slate-600">
          Bring your own number: register it here, attach an assistant, and point it at {brand.productName} at your SIP provider with the settings shown
          for each number. Inactive numbers refuse calls.
        </p>
      </div>
      <PhoneNumbersPanel canManage={canManage} sipAddress={publicSipAddress(env())} />
    </div>
  );
}
