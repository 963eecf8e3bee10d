"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import type { ReactNode } from "react";
import { OrganizationSwitcher, type SwitcherOrganization } from "@/components/organizations/organization-switcher";
import { ActingBanner, ClientSwitcher, type ActingOption } from "@/components/organizations/client-switcher";
import { BrandMark } from "@/components/branding/brand-mark";

type NavItem = { href: string; label: string };

const nav: NavItem[] = [
  { href: "/assistants", label: "Assistants" },
  { href: "/calls", label: "Call log" },
  { href: "/phone-numbers", label: "Phone numbers" },
  { href: "/sip-trunks", label: "SIP trunks" },
  { href: "/campaigns", label: "Campaigns" },
  { href: "/do-not-call", label: "Do not call" },
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
  /** Links beyond the common ones: clients/partners, team, audit log, outbox (by kind and role). */
  extraNav?: NavItem[];
  /** The organisation the portal acts on below the user's own, if any, and what may be chosen. */
  acting?: { id: string; name: string } | null;
  actingOptions?: ActingOption[];
  children: ReactNode;
};

export function AppShell({ organizationId, organizationName, organizations, userEmail, brand, isPartner, extraNav = [], acting = null, actingOptions = [], children }: ShellProps) {
  const pathname = usePathname();
  const own = isPartner && !acting ? partnerNav : [];
  const items = [...nav.slice(0, -1), ...extraNav, ...own, nav[nav.length - 1]!];
  // A detail page of one organisation means nothing in another: a switch lands on its list.
  const section = items.find((item) => pathname.startsWith(item.href))?.href ?? "/assistants";
  return (
    <div className="flex min-h-screen">
      <aside className="flex w-60 flex-col border-r border-slate-200 bg-white">
        <div className="border-b border-slate-200 px-5 py-4">
          <BrandMark productName={brand.productName} logoPath={brand.logoPath} />
          <p className="truncate text-sm text-slate-600" data-testid="org-name">{organizationName}</p>
          {organizations.length > 1 && <OrganizationSwitcher organizations={organizations} activeId={organizationId} returnTo={section} />}
          {actingOptions.length > 0 && <ClientSwitcher options={actingOptions} actingId={acting?.id ?? null} homeName={organizationName} returnTo={section} />}
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
      <div className="flex flex-1 flex-col overflow-x-hidden">
        {acting && <ActingBanner name={acting.name} returnTo={section} />}
        <main className="flex-1 p-8">{children}</main>
      </div>
    </div>
  );
}
