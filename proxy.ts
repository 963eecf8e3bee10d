import { NextResponse, type NextRequest } from "next/server";
import { resolveHost } from "@/lib/branding/host";
import { BRAND_HEADER, UNCLAIMED_HOST_PATH } from "@/lib/branding/types";

// Before any page renders: which brand the request's host stands for (lib/branding/host.ts,
// with its short cache). Pages read the answer from BRAND_HEADER, which is always overwritten
// here so a client cannot choose it. A host that is no one's (an unverified or removed
// portal domain) gets the neutral page, never a brand.
export async function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.delete(BRAND_HEADER);
  const target = await resolveHost(request.headers.get("host")).catch((error: unknown) => {
    // The database is down: pages resolve the brand themselves (and fail the same way).
    console.error("Resolving the request's host failed", error);
    return null;
  });
  if (!target) return NextResponse.next({ request: { headers } });
  headers.set(BRAND_HEADER, target.kind === "partner" ? target.organizationId : target.kind);
  const { pathname } = request.nextUrl;
  if (target.kind === "unknown" && pathname !== UNCLAIMED_HOST_PATH && !pathname.startsWith("/api/") && !pathname.startsWith("/brand-assets/")) {
    return NextResponse.rewrite(new URL(UNCLAIMED_HOST_PATH, request.url), { request: { headers } });
  }
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages and the sign-up/auth endpoints; not static files or the REST API.
  matcher: ["/((?!_next/static|_next/image|api/v1/|api/internal/).*)"],
};
