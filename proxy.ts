import { NextResponse, type NextRequest } from "next/server";
import { allowedMethods, KNOWN_METHODS } from "@/lib/api/method-routing";
import { methodNotAllowed, noSuchEndpoint, queryTooLong } from "@/lib/api/unmatched";
import { resolveHost } from "@/lib/branding/host";
import { BRAND_HEADER, UNCLAIMED_HOST_PATH } from "@/lib/branding/types";
import { appSecurityHeaders } from "@/lib/http/app-headers";

// Runs before Next.js routes a request that has no body: security headers on every page and
// asset; a 431 for a query string over 16 KB; under /api/v1 a JSON 404 for paths no operation has (never the portal's HTML page)
// and a JSON 405 with Allow for methods a path lacks (TRACE included), which Next.js would
// answer with an empty body; and, for pages, the brand of the request's host. Requests with a
// body never come here (see `config`): Next.js buffers the whole body of a request the proxy
// sees before the route may answer, which would defeat the routes' body limits; their
// responses get the headers from the API wrapper (lib/api/handler.ts), a missing method on a
// route file is answered by its fallbacks, and pages resolve the brand from the Host header
// themselves (lib/api/request-brand.ts).
function answerFor(req: NextRequest): Response | null {
  const { pathname, search } = req.nextUrl;
  const tooLong = queryTooLong(req, search);
  if (tooLong) return tooLong;
  if (pathname === "/api/v1" || pathname.startsWith("/api/v1/")) {
    return methodNotAllowed(req, pathname) ?? (allowedMethods(pathname) === null ? noSuchEndpoint(req, pathname) : null);
  }
  if (!KNOWN_METHODS.has(req.method.toUpperCase())) {
    return new Response("Method Not Allowed\n", { status: 405, headers: { Allow: "GET, HEAD, OPTIONS, POST", "content-type": "text/plain" } });
  }
  return null;
}

const WITHOUT_BRAND = ["/_next/static/", "/_next/image", "/api/v1/", "/api/internal/"];

// Which brand the request's host stands for (lib/branding/host.ts, with its short cache).
// Pages read the answer from BRAND_HEADER, which is always overwritten here so a client
// cannot choose it. A host that is no one's (an unverified or removed portal domain) gets the
// neutral page, never a brand.
async function withBrand(request: NextRequest): Promise<NextResponse> {
  const { pathname } = request.nextUrl;
  if (WITHOUT_BRAND.some((prefix) => pathname.startsWith(prefix))) return NextResponse.next();
  const headers = new Headers(request.headers);
  headers.delete(BRAND_HEADER);
  const target = await resolveHost(request.headers.get("host")).catch((error: unknown) => {
    // The database is down: pages resolve the brand themselves (and fail the same way).
    console.error("Resolving the request's host failed", error);
    return null;
  });
  if (!target) return NextResponse.next({ request: { headers } });
  headers.set(BRAND_HEADER, target.kind === "partner" ? target.organizationId : target.kind);
  if (target.kind === "unknown" && pathname !== UNCLAIMED_HOST_PATH && !pathname.startsWith("/api/") && !pathname.startsWith("/brand-assets/")) {
    return NextResponse.rewrite(new URL(UNCLAIMED_HOST_PATH, request.url), { request: { headers } });
  }
  return NextResponse.next({ request: { headers } });
}

export async function proxy(req: NextRequest) {
  const answer = answerFor(req);
  const res = answer ? new NextResponse(answer.body, { status: answer.status, headers: answer.headers }) : await withBrand(req);
  for (const [name, value] of Object.entries(appSecurityHeaders())) res.headers.set(name, value);
  return res;
}

export const config = {
  matcher: [
    {
      source: "/:path*",
      missing: [
        { type: "header", key: "content-length" },
        { type: "header", key: "transfer-encoding" },
      ],
    },
  ],
};
