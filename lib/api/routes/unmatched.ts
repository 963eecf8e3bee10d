import "server-only";
import { withErrors } from "@/lib/api/handler";
import { methodNotAllowed, noSuchEndpoint } from "@/lib/api/unmatched";

// app/api/v1/[...path]: what no route file serves answers in the error format, never with the
// portal's HTML 404 page.
const answer = withErrors(async ({ req }) => {
  const pathname = new URL(req.url).pathname;
  return methodNotAllowed(req, pathname) ?? noSuchEndpoint(req, pathname);
});

// The catch-all's params ({ path: string[] }) are not read.
export const unmatchedRoute = (req: Request) => answer(req, { params: Promise.resolve({}) });
