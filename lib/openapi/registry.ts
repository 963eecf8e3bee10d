import type { z } from "zod";

// Every /api/v1 operation is described once, here-shaped, next to its resource
// (lib/openapi/operations/<resource>.ts); lib/openapi/document.ts turns the list into
// OpenAPI 3.1 with the zod schemas converted to JSON Schema. A test fails when a route
// file exports a method that has no operation.
export type HttpMethod = "get" | "post" | "patch" | "put" | "delete";

export type Operation = {
  method: HttpMethod;
  /** OpenAPI path, e.g. "/assistants/{id}" (relative to /api/v1). */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /** false for unauthenticated operations (health, openapi.json). */
  auth?: boolean;
  deprecated?: boolean;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Status -> description and (optional) response body schema. Errors are added automatically. */
  responses: Record<number, { description: string; schema?: z.ZodType }>;
};

export const defineOperations = (operations: Operation[]) => operations;
