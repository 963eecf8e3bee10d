import "server-only";
import { withErrors } from "@/lib/api/handler";
import { allowedMethods } from "@/lib/api/method-routing";
import { methodNotAllowed, noSuchEndpoint } from "@/lib/api/unmatched";

// Every app/api/v1 route file ends with `export * from "@/lib/api/routes/method-fallbacks"`:
// a module's own exports win over a star export, so these answer only the methods the file
// does not serve — with a JSON 405 and the path's Allow header instead of Next.js's empty 405
// (requests with a body never reach the proxy, see proxy.ts). OPTIONS answers the path's real
// Allow (Next.js would list these fallbacks too). HEAD is left to Next.js (it runs GET).
const fallback = withErrors(async ({ req }) => {
  const pathname = new URL(req.url).pathname;
  return methodNotAllowed(req, pathname) ?? noSuchEndpoint(req, pathname);
});

const options = withErrors(async ({ req }) => {
  const allow = allowedMethods(new URL(req.url).pathname);
  return allow ? new Response(null, { status: 204, headers: { Allow: allow.join(", ") } }) : noSuchEndpoint(req, new URL(req.url).pathname);
});

// Only method names: a star export passes on every name, and route files may export no others.
export { fallback as GET, fallback as POST, fallback as PUT, fallback as PATCH, fallback as DELETE, options as OPTIONS };
