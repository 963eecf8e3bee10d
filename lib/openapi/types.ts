// The parts of an OpenAPI 3.1 document (as lib/openapi/document.ts builds it) that the
// reference page reads. Schemas are JSON Schema 2020-12.

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  default?: unknown;
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  deprecated?: boolean;
};

type Content = { "application/json"?: { schema?: JsonSchema } };

export type OpenApiParameter = { name: string; in: "path" | "query" | "header"; required?: boolean; description?: string; schema?: JsonSchema; /** A signed link's parameter, checked by the handler. */ "x-signed-link"?: boolean };

/** A Reference Object; its description overrides the referenced one's. */
export type OpenApiRef = { $ref: string; description?: string };
export type OpenApiResponse = { description: string; headers?: Record<string, unknown>; content?: Content };

export type OpenApiOperation = {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  deprecated?: boolean;
  security?: unknown[];
  parameters?: (OpenApiParameter | OpenApiRef)[];
  requestBody?: { required?: boolean; content?: Content };
  responses: Record<string, OpenApiResponse | OpenApiRef>;
  /** The permission the caller needs (a member's role, or the API key's scopes). */
  "x-permission"?: string;
};

/** Kinds of operation that answer a common response (lib/openapi/document.ts commonResponses). */
export type OperationKind = "all" | "authenticated" | "permission" | "input";

export type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string; description?: string };
  servers?: { url: string }[];
  /** What every operation of a kind may answer besides the statuses it lists. */
  "x-common-responses"?: Partial<Record<OperationKind, Record<string, OpenApiResponse | OpenApiRef>>>;
  /** Headers every response of operations of a kind carries (but a 401). */
  "x-common-headers"?: Partial<Record<OperationKind, Record<string, unknown>>>;
  /** Parameters shared by every operation of a path sit on the path item. */
  paths: Record<string, Partial<Record<"get" | "post" | "put" | "patch" | "delete", OpenApiOperation>> & { parameters?: (OpenApiParameter | OpenApiRef)[] }>;
  components?: { schemas?: Record<string, JsonSchema>; responses?: Record<string, OpenApiResponse | OpenApiRef>; parameters?: Record<string, OpenApiParameter>; headers?: Record<string, unknown> };
};
