import { AppError } from "@/lib/errors/app-error";
import { errorBodyIn, errorFormOf, httpStatus } from "@/lib/api/errors";
import { allowedMethods, KNOWN_METHODS } from "@/lib/api/method-routing";

// The answers for requests no operation serves: 404 for a path that names nothing, 405 with
// Allow for a method the path does not have. Pure (the proxy, proxy.ts, runs them before any
// route file; the catch-all route app/api/v1/[...path] too).

export const errorResponse = (req: Request, error: AppError, headers: Record<string, string> = {}) =>
  Response.json(errorBodyIn(error, errorFormOf(req)), { status: httpStatus(error), headers });

export function noSuchEndpoint(req: Request, pathname: string): Response {
  return errorResponse(req, new AppError("not_found", `No endpoint ${pathname}`));
}

/** 405 when the path exists without this method (or the method is not one HTTP routes use), else null. */
export function methodNotAllowed(req: Request, pathname: string): Response | null {
  const allow = allowedMethods(pathname);
  const method = req.method.toUpperCase();
  if (allow ? allow.includes(method) : KNOWN_METHODS.has(method)) return null;
  const methods = allow ?? [...KNOWN_METHODS].sort();
  return errorResponse(req, new AppError("method_not_allowed", `${method} is not allowed on ${pathname}; allowed: ${methods.join(", ")}`), { Allow: methods.join(", ") });
}

export { MAX_QUERY_BYTES, queryTooLong } from "@/lib/api/limits";
