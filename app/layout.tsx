import type { Metadata } from "next";
import type { CSSProperties, ReactNode } from "react";
import "./globals.css";
import { Providers } from "@/components/providers";
import { requestBrand } from "@/lib/api/request-brand";
import { getPortalSession } from "@/lib/auth/session";

// Every page carries the brand of the host it is served on (proxy.ts): the tab title, the
// favicon and the colours (CSS variables read by the brand-* theme colours in globals.css).

async function pageBrand() {
  const session = await getPortalSession().catch(() => null);
  return requestBrand(session?.organizationId ?? null);
}

export async function generateMetadata(): Promise<Metadata> {
  const brand = await pageBrand();
  return {
    title: { default: brand.productName, template: `%s · ${brand.productName}` },
    description: brand.kind === "platform" ? "Voice AI agents, self-hosted" : `${brand.productName} portal`,
    icons: { icon: [{ url: brand.faviconPath }] },
  };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const brand = await pageBrand();
  const style = { "--brand-primary": brand.primaryColor, "--brand-accent": brand.accentColor } as CSSProperties;
  return (
    <html lang="en" style={style} data-brand={brand.kind}>
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
