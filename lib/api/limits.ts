import { AppError } from "@/lib/errors/app-error";
import { errorBodyIn, errorFormOf, httpStatus } from "@/lib/api/errors";

// Request-line limits, shared by the proxy and the route wrapper. Pure.

/** Longest query string a request may have (bytes of the raw `?…`, URL-encoded). */
export const MAX_QUERY_BYTES = 16 * 1024;

/** 431 for a query string over MAX_QUERY_BYTES, else null. */
export function queryTooLong(req: Request, search: string): Response | null {
  if (search.length <= MAX_QUERY_BYTES) return null;
  const error = new AppError("request_header_fields_too_large", `Query string exceeds ${MAX_QUERY_BYTES / 1024} KB`);
  return Response.json(errorBodyIn(error, errorFormOf(req)), { status: httpStatus(error) });
}
