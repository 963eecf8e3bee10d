import type { ReactNode } from "react";
import { requestBrand } from "@/lib/api/request-brand";
import { BrandMark } from "@/components/branding/brand-mark";

export default async function AuthLayout({ children }: { children: ReactNode }) {
  const brand = await requestBrand();
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-md">
        <div className="mb-6 flex justify-center">
          <BrandMark productName={brand.productName} logoPath={brand.logoPath} size="large" />
        </div>
        {children}
        {brand.supportEmail && (
          <p className="mt-6 text-center text-xs text-slate-500">
            Help: <a className="text-brand-600 hover:underline" href={`mailto:${brand.supportEmail}`}>{brand.supportEmail}</a>
          </p>
        )}
      </div>
    </main>
  );
}
