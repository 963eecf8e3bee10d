import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { resolveBrand } from "@/lib/branding/brand";
import type { HostTarget } from "@/lib/branding/host";
import { BRAND_HEADER, type Brand } from "@/lib/branding/types";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function targetFromHeader(value: string | null): HostTarget | undefined {
  if (value === "platform") return { kind: "platform" };
  if (value === "unknown") return { kind: "unknown" };
  if (value && UUID.test(value)) return { kind: "partner", organizationId: value, via: "custom_domain" };
  return undefined;
}

/**
 * The brand of the page being rendered: the host's, as proxy.ts resolved it (else resolved
 * here from the Host header). On the platform's own hosts a signed-in organisation under a
 * partner sees its partner's brand. Once per request.
 */
export const requestBrand = cache(async (organizationId?: string | null): Promise<Brand> => {
  const h = await headers();
  const target = targetFromHeader(h.get(BRAND_HEADER));
  return target ? resolveBrand({ target, organizationId }) : resolveBrand({ host: h.get("host"), organizationId });
});
