import { AppError, type ErrorCode } from "@/lib/errors/app-error";

// The HTTP face of AppError: one status and type per code, two public shapes:
// nested (the default, as the HMS docs show it) { "error": { "code", "message", "param", "type" } }
// and flat, for the HMS SDKs, which read { "error": "<message>", "message", "param", "type" } and
// take their error code from `type`: there `type` carries the same stable code as `code`.
export const httpErrors: Record<ErrorCode, { status: number; type: string }> = {
  invalid_request: { status: 400, type: "invalid_request_error" },
  invalid_json: { status: 400, type: "invalid_request_error" },
  unauthorized: { status: 401, type: "authentication_error" },
  api_key_revoked: { status: 401, type: "authentication_error" },
  forbidden: { status: 403, type: "permission_error" },
  not_found: { status: 404, type: "not_found_error" },
  method_not_allowed: { status: 405, type: "invalid_request_error" },
  conflict: { status: 409, type: "invalid_request_error" },
  call_not_active: { status: 409, type: "invalid_request_error" },
  call_refused: { status: 409, type: "invalid_request_error" },
  recording_disabled: { status: 409, type: "invalid_request_error" },
  length_required: { status: 411, type: "invalid_request_error" },
  payload_too_large: { status: 413, type: "invalid_request_error" },
  unsupported_media_type: { status: 415, type: "invalid_request_error" },
  range_not_satisfiable: { status: 416, type: "invalid_request_error" },
  validation_error: { status: 422, type: "invalid_request_error" },
  rate_limit_exceeded: { status: 429, type: "rate_limit_error" },
  request_header_fields_too_large: { status: 431, type: "invalid_request_error" },
  assistant_inactive: { status: 422, type: "invalid_request_error" },
  no_outbound_trunk: { status: 422, type: "invalid_request_error" },
  provider_error: { status: 502, type: "api_error" },
  command_failed: { status: 502, type: "api_error" },
  service_unavailable: { status: 503, type: "api_error" },
  not_implemented: { status: 501, type: "api_error" },
  internal_error: { status: 500, type: "api_error" },
};

export const httpStatus = (error: AppError) => httpErrors[error.code].status;

export const errorBody = (error: AppError) => ({
  error: { code: error.code, message: error.message, param: error.param, type: httpErrors[error.code].type },
});

export type ErrorForm = "nested" | "flat";

/** Explicit choice of the error form: `X-Error-Format: flat` or `nested`. */
export const ERROR_FORM_HEADER = "x-error-format";
// The official HMS SDKs identify themselves as hmsovereign-node/<version> (hmsovereign-python/…).
const SDK_USER_AGENT = /^hmsovereign-[a-z]+\//i;

/** The error form a request expects: the explicit header, else flat for the HMS SDKs, else nested. */
export function errorFormOf(req: Pick<Request, "headers">): ErrorForm {
  const explicit = req.headers.get(ERROR_FORM_HEADER)?.trim().toLowerCase();
  if (explicit === "flat" || explicit === "nested") return explicit;
  return SDK_USER_AGENT.test(req.headers.get("user-agent") ?? "") ? "flat" : "nested";
}

type NestedError = ReturnType<typeof errorBody>["error"];

export const flatErrorBody = ({ code, message, param }: Pick<NestedError, "code" | "message" | "param">) => ({
  error: message,
  message,
  code,
  param,
  type: code,
});

export const errorBodyIn = (error: AppError, form: ErrorForm) => (form === "flat" ? flatErrorBody(errorBody(error).error) : errorBody(error));

const isNestedError = (body: unknown): body is { error: NestedError } => {
  const error = (body as { error?: unknown } | null)?.error;
  return typeof error === "object" && error !== null && typeof (error as NestedError).code === "string" && typeof (error as NestedError).message === "string";
};

/**
 * An error response in the form the request expects. Handlers and the wrapper build the nested
 * form; a client that reads the flat one gets the same code, message and param rewritten.
 */
export async function inErrorForm(res: Response, form: ErrorForm): Promise<Response> {
  if (form === "nested" || res.status < 400 || !res.headers.get("content-type")?.includes("application/json")) return res;
  const body: unknown = await res.clone().json().catch(() => null);
  if (!isNestedError(body)) return res;
  const headers = new Headers(res.headers);
  headers.delete("content-length");
  return new Response(JSON.stringify(flatErrorBody(body.error)), { status: res.status, statusText: res.statusText, headers });
}
