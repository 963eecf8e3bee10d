import { AppError, type ErrorCode } from "@/lib/errors/app-error";

// The HTTP face of AppError: one status and type per code, one public shape:
// { "error": { "code", "message", "param", "type" } }.
export const httpErrors: Record<ErrorCode, { status: number; type: string }> = {
  invalid_request: { status: 400, type: "invalid_request_error" },
  invalid_json: { status: 400, type: "invalid_request_error" },
  unauthorized: { status: 401, type: "authentication_error" },
  api_key_revoked: { status: 401, type: "authentication_error" },
  forbidden: { status: 403, type: "permission_error" },
  not_found: { status: 404, type: "not_found_error" },
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
