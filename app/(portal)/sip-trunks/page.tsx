import { getPortalSession } from "@/lib/auth/session";
import { can } from "@/lib/tenancy/permissions";
import { SipTrunksPanel } from "@/components/telephony/sip-trunks-panel";

export default async function SipTrunksPage() {
  const session = await getPortalSession();
  const canManage = can(session, "numbers.write");
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">SIP trunks</h1>
        <p className="mt-1 text-sm text-slate-600">
          Your SIP providers: where transfers and outbound calls go, and which addresses and credentials may send calls in to the numbers
          that use the trunk. Passwords are stored encrypted and never shown.
        </p>
      </div>
      <SipTrunksPanel canManage={canManage} />
    </div>
  );
}
