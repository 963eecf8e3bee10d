import { resolveParameter, resolveRef } from "@/lib/openapi/resolve";
import type { JsonSchema, OpenApiDocument, OpenApiOperation, OpenApiParameter } from "@/lib/openapi/types";

export { resolveParameter, resolveRef, resolveResponse } from "@/lib/openapi/resolve";

// Turns the OpenAPI document into what the reference page shows: operations grouped by
// tag, and JSON Schemas flattened into one row per field (nested fields as dotted paths).

export type FieldRow = { name: string; label: string; depth: number; type: string; required: boolean; nullable: boolean; description?: string; notes: string[] };
type Schemas = Record<string, JsonSchema>;

const METHODS = ["get", "post", "put", "patch", "delete"] as const;
/** An operation with the parameters of its path item and the shared ones it refers to resolved. */
export type ListedOperation = { method: (typeof METHODS)[number]; path: string; operation: Omit<OpenApiOperation, "parameters"> & { parameters: OpenApiParameter[] } };

export function groupByTag(doc: OpenApiDocument): { tag: string; operations: ListedOperation[] }[] {
  const groups = new Map<string, ListedOperation[]>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const tag = operation.tags?.[0] ?? "Other";
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) => resolveParameter(p, doc.components?.parameters));
      groups.set(tag, [...(groups.get(tag) ?? []), { method, path, operation: { ...operation, parameters } }]);
    }
  }
  return [...groups].map(([tag, operations]) => ({ tag, operations }));
}

// A schema without its null alternative: anyOf [X, null] and type [X, "null"] are "X, nullable".
function unwrap(input: JsonSchema, schemas: Schemas): { variants: JsonSchema[]; nullable: boolean } {
  const schema = resolveRef(input, schemas);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    const variants = alternatives.map((v) => resolveRef(v, schemas)).filter((v) => v.type !== "null");
    return { variants, nullable: variants.length < alternatives.length };
  }
  if (Array.isArray(schema.type)) {
    const types = schema.type.filter((t) => t !== "null");
    return { variants: [{ ...schema, type: types.length === 1 ? types[0] : types }], nullable: types.length < schema.type.length };
  }
  return { variants: [schema], nullable: false };
}

export function typeLabel(input: JsonSchema, schemas: Schemas = {}): string {
  const { variants } = unwrap(input, schemas);
  if (variants.length !== 1) return variants.map((v) => typeLabel(v, schemas)).join(" | ") || "null";
  const s = variants[0]!;
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.type === "array") return `array of ${s.items ? typeLabel(s.items, schemas) : "any"}`;
  if (Array.isArray(s.type)) return s.type.join(" | ");
  if (s.type === "string" && s.format) return `string (${s.format})`;
  return s.type ?? (s.enum ? "enum" : "any");
}

const fmt = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

function notesFor(s: JsonSchema): string[] {
  const notes: string[] = [];
  if (s.enum) notes.push(`one of: ${s.enum.map(fmt).join(", ")}`);
  if (s.default !== undefined) notes.push(`default: ${JSON.stringify(s.default)}`);
  if (s.minimum !== undefined) notes.push(`≥ ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) notes.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER) notes.push(`≤ ${s.maximum}`);
  if (s.exclusiveMaximum !== undefined) notes.push(`< ${s.exclusiveMaximum}`);
  if (s.minLength !== undefined && s.minLength > 0) notes.push(s.minLength === 1 ? "not empty" : `at least ${s.minLength} characters`);
  if (s.maxLength !== undefined) notes.push(`at most ${s.maxLength} characters`);
  if (s.minItems !== undefined && s.minItems > 0) notes.push(`at least ${s.minItems} items`);
  if (s.maxItems !== undefined) notes.push(`at most ${s.maxItems} items`);
  return notes;
}

/** One row per property of an object schema, children after their parent. */
export function fieldRows(input: JsonSchema, schemas: Schemas = {}, prefix = "", depth = 0): FieldRow[] {
  const { variants } = unwrap(input, schemas);
  const object = variants.length === 1 ? variants[0]! : undefined;
  if (!object?.properties || depth > 8) return [];
  const rows: FieldRow[] = [];
  for (const [key, raw] of Object.entries(object.properties)) {
    const prop = resolveRef(raw, schemas);
    const { variants: inner, nullable } = unwrap(prop, schemas);
    const core = inner.length === 1 ? inner[0]! : undefined;
    const name = `${prefix}${key}`;
    rows.push({
      name,
      label: key,
      depth,
      type: typeLabel(prop, schemas),
      required: object.required?.includes(key) ?? false,
      nullable,
      description: prop.description ?? core?.description,
      notes: [...new Set([...notesFor(prop), ...(core && core !== prop ? notesFor(core) : [])])],
    });
    if (!core) continue;
    if (core.properties) rows.push(...fieldRows(core, schemas, `${name}.`, depth + 1));
    else if (core.type === "array" && core.items) rows.push(...fieldRows(core.items, schemas, `${name}[].`, depth + 1));
  }
  return rows;
}
