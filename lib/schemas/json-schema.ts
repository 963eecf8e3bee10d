import AjvDraft07 from "ajv";
import Ajv2020 from "ajv/dist/2020.js";
import { z } from "zod";

// JSON Schemas that customers hand us (tool parameters, analysis schemas) are checked
// against the JSON Schema meta-schema and compiled once, so a broken schema is a 422 at
// save time instead of a failure in the middle of a call. Runs in the browser too (forms).

// Draft 2020-12 unless the schema names draft-07 in "$schema" (the two read "items" differently).
const options = { strict: false, validateFormats: false, allErrors: false };
const ajv2020 = new Ajv2020(options);
const ajv07 = new AjvDraft07(options);
const validatorFor = (schema: Record<string, unknown>) =>
  typeof schema.$schema === "string" && schema.$schema.includes("draft-07") ? ajv07 : ajv2020;

const CACHE_LIMIT = 500;
const cache = new Map<string, string | null>();

function check(schema: Record<string, unknown>): string | null {
  const ajv = validatorFor(schema);
  try {
    if (!ajv.validateSchema(schema)) {
      return ajv.errorsText(ajv.errors?.slice(0, 1), { dataVar: "schema" });
    }
  } catch (error) {
    // e.g. an unknown "$schema" dialect
    return error instanceof Error ? error.message : "is not a valid JSON Schema";
  }
  try {
    // Compiling catches what the meta-schema cannot, such as a "$ref" that does not resolve.
    ajv.compile(schema);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : "is not a valid JSON Schema";
  } finally {
    ajv.removeSchema(schema);
  }
}

/** Why `value` is not a usable JSON Schema, in ajv's words; null when it is fine. */
export function jsonSchemaError(value: unknown, options: { requireObjectType?: boolean } = {}): string | null {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "must be a JSON Schema object";
  const schema = value as Record<string, unknown>;
  if (options.requireObjectType && schema.type !== "object") return 'must describe an object (type: "object")';
  const key = JSON.stringify(schema);
  if (cache.has(key)) return cache.get(key) ?? null;
  const error = check(structuredClone(schema));
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, error);
  return error;
}

/** A JSON Schema document as a field: an object that ajv accepts as a schema. */
export function jsonSchemaField(options: { requireObjectType?: boolean } = {}) {
  return z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    const error = jsonSchemaError(value, options);
    if (error) ctx.addIssue({ code: "custom", message: error });
  });
}
