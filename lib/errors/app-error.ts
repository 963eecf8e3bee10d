import { z } from "zod";

// The one error domain code throws. It knows nothing of HTTP: the wrapper in lib/api maps a
// code to a status and the public error format; jobs and the worker read the code directly.
export const errorCodes = [
  "invalid_request",
  "invalid_json",
  "unauthorized",
  "api_key_revoked",
  "forbidden",
  "not_found",
  "conflict",
  "call_not_active",
  // The assistant-request webhook answered {error}: the call must not go on (message = its text).
  "call_refused",
  "recording_disabled",
  "length_required",
  "payload_too_large",
  "unsupported_media_type",
  "range_not_satisfiable",
  "validation_error",
  "rate_limit_exceeded",
  "assistant_inactive",
  // An outbound call needs a caller-ID number whose SIP trunk can dial out, and there is none.
  "no_outbound_trunk",
  "provider_error",
  // The agent received a call-control command and reported that it could not carry it out.
  "command_failed",
  "service_unavailable",
  // A capability that is designed in but not there yet (e.g. a call channel).
  "not_implemented",
  "internal_error",
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Dotted path of the offending input field, when one is to blame. */
  readonly param: string | null;
  constructor(code: ErrorCode, message: string, param: string | null = null) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.param = param;
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

export const notFound = (what: string) => new AppError("not_found", `${what} not found`);

// snake_case path of the first zod issue, e.g. "llm_config.temperature".
export function fromZodError(error: z.ZodError, prefix: string[] = []): AppError {
  const issue = error.issues[0];
  if (!issue) return new AppError("validation_error", "Invalid request");
  const path = [...prefix, ...issue.path.map(String)];
  if (issue.code === "unrecognized_keys" && issue.keys[0]) path.push(issue.keys[0]);
  const param = path.join(".") || null;
  const message = param ? `${param}: ${issue.message}` : issue.message;
  return new AppError("validation_error", message, param);
}
