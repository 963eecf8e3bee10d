import type { JsonSchema, OpenApiDocument, OpenApiOperation, OpenApiParameter, OpenApiRef, OpenApiResponse, OperationKind } from "@/lib/openapi/types";

// Following the references of the OpenAPI document (lib/openapi/document.ts): what the
// reference page shows and what the document's tests check are the resolved forms.

type Schemas = Record<string, JsonSchema>;

/**
 * A schema with its reference followed (keywords beside the $ref, such as a default or a
 * description, win) and allOf folded in: properties and required fields of all parts, the
 * schema's own properties over its bases' (a response form narrows its request form).
 */
export function resolveRef(schema: JsonSchema, schemas: Schemas = {}, depth = 0): JsonSchema {
  if (depth > 16) return schema;
  const name = schema.$ref?.match(/^#\/components\/schemas\/(.+)$/)?.[1];
  const target = name ? schemas[name] : undefined;
  const { $ref: _ref, allOf, ...own } = schema;
  let resolved: JsonSchema = target ? { ...resolveRef(target, schemas, depth + 1), ...own } : { ...own, ...(schema.$ref && !target ? { $ref: schema.$ref } : {}) };
  for (const part of allOf ?? []) {
    const base = resolveRef(part, schemas, depth + 1);
    resolved = {
      ...base,
      ...resolved,
      properties: { ...base.properties, ...resolved.properties },
      required: [...new Set([...(base.required ?? []), ...(resolved.required ?? [])])],
    };
    // A property the schema narrows keeps its base's description when it has none.
    for (const [key, prop] of Object.entries(resolved.properties ?? {})) {
      const inherited = base.properties?.[key]?.description;
      if (inherited && !prop.description && prop !== base.properties?.[key]) resolved.properties![key] = { ...prop, description: inherited };
    }
  }
  return resolved;
}

/** A parameter, or the shared one it refers to (#/components/parameters/...). */
export function resolveParameter(parameter: OpenApiParameter | OpenApiRef, parameters: Record<string, OpenApiParameter> = {}): OpenApiParameter {
  if (!("$ref" in parameter)) return parameter;
  const name = parameter.$ref.match(/^#\/components\/parameters\/(.+)$/)?.[1];
  return (name && parameters[name]) || { name: parameter.$ref, in: "query" };
}

/**
 * A response, or the shared one it refers to (#/components/responses/..., followed through
 * further references); a description beside the $ref overrides the referenced one's.
 */
export function resolveResponse(response: OpenApiResponse | OpenApiRef, responses: Record<string, OpenApiResponse | OpenApiRef> = {}, depth = 0): OpenApiResponse {
  if (!("$ref" in response)) return response;
  const name = response.$ref.match(/^#\/components\/responses\/(.+)$/)?.[1];
  const target = name ? responses[name] : undefined;
  if (!target || depth > 8) return { description: response.description ?? response.$ref };
  const resolved = resolveResponse(target, responses, depth + 1);
  return response.description ? { ...resolved, description: response.description } : resolved;
}

/** The kinds an operation is of, for x-common-responses; parameters as resolved (path item's included). */
export function operationKinds(operation: Pick<OpenApiOperation, "security" | "x-permission" | "requestBody">, parameters: OpenApiParameter[]): OperationKind[] {
  const kinds: OperationKind[] = ["all"];
  if (!(Array.isArray(operation.security) && operation.security.length === 0)) kinds.push("authenticated");
  if (operation["x-permission"]) kinds.push("permission");
  if (operation.requestBody || parameters.some((p) => p.in === "query" && !p["x-signed-link"])) kinds.push("input");
  return kinds;
}

export type AnsweredResponse = { status: string; response: OpenApiResponse; common: boolean };

/**
 * Every status an operation may answer, by status: those it lists, and the common ones of its
 * kinds that it does not list (a status it lists replaces the common one).
 */
export function operationResponses(doc: Pick<OpenApiDocument, "x-common-responses" | "components">, operation: Pick<OpenApiOperation, "security" | "x-permission" | "requestBody" | "responses">, parameters: OpenApiParameter[]): AnsweredResponse[] {
  const shared = doc.components?.responses;
  const answered = new Map<string, AnsweredResponse>();
  for (const kind of operationKinds(operation, parameters)) {
    for (const [status, response] of Object.entries(doc["x-common-responses"]?.[kind] ?? {})) answered.set(status, { status, response: resolveResponse(response, shared), common: true });
  }
  for (const [status, response] of Object.entries(operation.responses)) answered.set(status, { status, response: resolveResponse(response, shared), common: false });
  return [...answered.values()].sort((a, b) => Number(a.status) - Number(b.status));
}
