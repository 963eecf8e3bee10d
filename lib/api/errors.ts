import { z } from "zod";

// One error class, one status table, one public shape:
// { "error": { "code", "message", "param", "type" } }.
export const errorCodes = {
  invalid_request: { status: 400, type: "invalid_request_error" },
  invalid_json: { status: 400, type: "invalid_request_error" },
  unauthorized: { status: 401, type: "authentication_error" },
  api_key_revoked: { status: 401, type: "authentication_error" },
  forbidden: { status: 403, type: "permission_error" },
  not_found: { status: 404, type: "not_found_error" },
  conflict: { status: 409, type: "invalid_request_error" },
  call_not_active: { status: 409, type: "invalid_request_error" },
  // The assistant-request webhook answered {error}: the call must not go on (message = its text).
  call_refused: { status: 409, type: "invalid_request_error" },
  recording_disabled: { status: 409, type: "invalid_request_error" },
  length_required: { status: 411, type: "invalid_request_error" },
  payload_too_large: { status: 413, type: "invalid_request_error" },
  unsupported_media_type: { status: 415, type: "invalid_request_error" },
  range_not_satisfiable: { status: 416, type: "invalid_request_error" },
  validation_error: { status: 422, type: "invalid_request_error" },
  rate_limit_exceeded: { status: 429, type: "rate_limit_error" },
  assistant_inactive: { status: 422, type: "invalid_request_error" },
  provider_error: { status: 502, type: "api_error" },
  // The agent received a call-control command and reported that it could not carry it out.
  command_failed: { status: 502, type: "api_error" },
  service_unavailable: { status: 503, type: "api_error" },
  internal_error: { status: 500, type: "api_error" },
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly param: string | null;
  constructor(code: ErrorCode, message: string, param: string | null = null) {
    super(message);
    this.code = code;
    this.param = param;
  }
  get status() {
    return errorCodes[this.code].status;
  }
  toBody() {
    return { error: { code: this.code, message: this.message, param: this.param, type: errorCodes[this.code].type } };
  }
}

export const notFound = (what: string) => new ApiError("not_found", `${what} not found`);

// snake_case path of the first zod issue, e.g. "llm_config.temperature".
export function fromZodError(error: z.ZodError, prefix: string[] = []): ApiError {
  const issue = error.issues[0];
  if (!issue) return new ApiError("validation_error", "Invalid request");
  const path = [...prefix, ...issue.path.map(String)];
  if (issue.code === "unrecognized_keys" && issue.keys[0]) path.push(issue.keys[0]);
  const param = path.join(".") || null;
  const message = param ? `${param}: ${issue.message}` : issue.message;
  return new ApiError("validation_error", message, param);
}
