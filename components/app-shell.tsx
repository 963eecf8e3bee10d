"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import type { ReactNode } from "react";
import { OrganizationSwitcher, type SwitcherOrganization } from "@/components/organizations/organization-switcher";
import { BrandMark } from "@/components/branding/brand-mark";

const nav = [
  { href: "/assistants", label: "Assistants" },
  { href: "/calls", label: "Call log" },
  { href: "/phone-numbers", label: "Phone numbers" },
  { href: "/sip-trunks", label: "SIP trunks" },
  { href: "/tool-templates", label: "Tool templates" },
  { href: "/analysis-templates", label: "Analysis templates" },
  { href: "/api-keys", label: "API keys" },
  { href: "/api-reference", label: "API reference" },
  { href: "/settings/webhooks", label: "Webhooks" },
  { href: "/settings/provider-keys", label: "Settings" },
];
// Partners only: their brand and portal domains.
const partnerNav = [{ href: "/settings/branding", label: "Branding" }];

export type ShellBrand = { productName: string; logoPath: string | null };

type ShellProps = {
  organizationId: string;
  organizationName: string;
  organizations: SwitcherOrganization[];
  userEmail: string;
  brand: ShellBrand;
  isPartner: boolean;
  children: ReactNode;
};

export function AppShell({ organizationId, organizationName, organizations, userEmail, brand, isPartner, children }: ShellProps) {
  const pathname = usePathname();
  const items = isPartner ? [...nav, ...partnerNav] : nav;
  // A detail page of one organisation means nothing in another: a switch lands on its list.
  const section = items.find((item) => pathname.startsWith(item.href))?.href ?? "/assistants";
  return (
    <div className="flex min-h-screen">
      <aside className="flex w-60 flex-col border-r border-slate-200 bg-white">
        <div className="border-b border-slate-200 px-5 py-4">
          <BrandMark productName={brand.productName} logoPath={brand.logoPath} />
          <p className="truncate text-sm text-slate-600" data-testid="org-name">{organizationName}</p>
          {organizations.length > 1 && <OrganizationSwitcher organizations={organizations} activeId={organizationId} returnTo={section} />}
        </div>
        <nav className="flex-1 space-y-1 p-3">
          {items.map((item) => (
            <Link
              key={item.href}
              href={item.href}
              className={`block rounded-md px-3 py-2 text-sm font-medium ${pathname.startsWith(item.href) ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100"}`}
            >
              {item.label}
            </Link>
          ))}
        </nav>
        <div className="border-t border-slate-200 p-4 text-xs text-slate-500">
          <p className="truncate">{userEmail}</p>
          <button className="mt-2 text-brand-600 hover:underline" onClick={async () => {
            // Stays on the host the portal is used through (a partner's domain), whatever NEXTAUTH_URL says.
            await signOut({ redirect: false });
            window.location.assign("/login");
          }}>Sign out</button>
        </div>
      </aside>
      <main className="flex-1 overflow-x-hidden p-8">{children}</main>
    </div>
  );
}
