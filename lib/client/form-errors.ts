import type { z } from "zod";
import { ApiClientError } from "@/lib/client/api";

// Errors of a portal form, keyed by its fields ("form" for the rest). Each form says where an
// API param or a zod path belongs (`place`); these turn a failed request or a failed local
// check into that map.
export type PlaceError<E> = (errors: E, param: string | null, message: string) => void;

/** A failed request: the API's `param` gets the message without its "param: " prefix. */
export function errorsOfRequest<E extends { form?: string }>(error: Error, place: PlaceError<E>): E {
  const errors = {} as E;
  if (error instanceof ApiClientError) place(errors, error.param, error.param ? error.message.replace(`${error.param}: `, "") : error.message);
  else errors.form = error.message;
  return errors;
}

/** A failed local check of the same schema the API applies. */
export function errorsOfIssues<E>(issues: readonly z.core.$ZodIssue[], place: PlaceError<E>): E {
  const errors = {} as E;
  for (const issue of issues) place(errors, issue.path.map(String).join(".") || null, issue.message);
  return errors;
}
