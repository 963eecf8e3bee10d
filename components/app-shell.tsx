"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import type { ReactNode } from "react";
import { OrganizationSwitcher, type SwitcherOrganization } from "@/components/organizations/organization-switcher";

const nav = [
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

type ShellProps = { organizationId: string; organizationName: string; organizations: SwitcherOrganization[]; userEmail: string; children: ReactNode };

export function AppShell({ organizationId, organizationName, organizations, userEmail, children }: ShellProps) {
  const pathname = usePathname();
  // A detail page of one organisation means nothing in another: a switch lands on its list.
  const section = nav.find((item) => pathname.startsWith(item.href))?.href ?? "/assistants";
  return (
    <div className="flex min-h-screen">
      <aside className="flex w-60 flex-col border-r border-slate-200 bg-white">
        <div className="border-b border-slate-200 px-5 py-4">
          <p className="text-lg font-bold text-brand-700">Switchboard</p>
          <p className="truncate text-sm text-slate-600" data-testid="org-name">{organizationName}</p>
          {organizations.length > 1 && <OrganizationSwitcher organizations={organizations} activeId={organizationId} returnTo={section} />}
        </div>
        <nav className="flex-1 space-y-1 p-3">
          {nav.map((item) => (
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
          <button className="mt-2 text-brand-600 hover:underline" onClick={() => signOut({ callbackUrl: "/login" })}>Sign out</button>
        </div>
      </aside>
      <main className="flex-1 overflow-x-hidden p-8">{children}</main>
    </div>
  );
}
