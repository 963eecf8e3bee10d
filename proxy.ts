import { NextResponse, type NextRequest } from "next/server";
import { allowedMethods, KNOWN_METHODS } from "@/lib/api/method-routing";
import { methodNotAllowed, noSuchEndpoint, queryTooLong } from "@/lib/api/unmatched";
import { appSecurityHeaders } from "@/lib/http/app-headers";

// Runs before Next.js routes a request that has no body: security headers on every page and
// asset; a 431 for a query string over 16 KB; under /api/v1 a JSON 404 for paths no operation has (never the portal's HTML page)
// and a JSON 405 with Allow for methods a path lacks (TRACE included), which Next.js would
// answer with an empty body. Requests with a body never come here (see `config`): Next.js
// buffers the whole body of a request the proxy sees before the route may answer, which would
// defeat the routes' body limits; their responses get the headers from the API wrapper
// (lib/api/handler.ts), and a missing method on a route file is answered by its fallbacks.
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

export function proxy(req: NextRequest) {
  const answer = answerFor(req);
  const res = answer ? new NextResponse(answer.body, { status: answer.status, headers: answer.headers }) : NextResponse.next();
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
