import type { Metadata } from "next";

// What a host shows that is no one's portal (a domain not yet verified, or removed): no
// brand, no sign-in, nothing that names the platform or any partner.
export const metadata: Metadata = { title: { absolute: "Portal not configured" }, robots: { index: false } };

export default function UnclaimedHostPage() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="max-w-md text-center" data-testid="unclaimed-host">
        <h1 className="text-xl font-semibold text-slate-900">This portal is not configured</h1>
        <p className="mt-2 text-sm text-slate-600">
          No portal answers at this address yet. If it is yours, finish verifying the domain in your portal settings; it can take a few minutes for DNS changes to be seen.
        </p>
      </div>
    </main>
  );
}
