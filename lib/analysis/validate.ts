import AjvDraft07 from "ajv";
import Ajv2020 from "ajv/dist/2020.js";

// Checks the language model's structured data against the plan's JSON Schema (the same
// dialect rule as lib/schemas/json-schema.ts: 2020-12 unless "$schema" names draft-07).
const options = { strict: false, validateFormats: false, allErrors: true };
const ajv2020 = new Ajv2020(options);
const ajv07 = new AjvDraft07(options);

/** null when `data` is valid, else ajv's message (at most three errors). */
export function schemaViolation(schema: Record<string, unknown>, data: unknown): string | null {
  const ajv = typeof schema.$schema === "string" && schema.$schema.includes("draft-07") ? ajv07 : ajv2020;
  const copy = structuredClone(schema);
  try {
    const validate = ajv.compile(copy);
    if (validate(data)) return null;
    return ajv.errorsText(validate.errors?.slice(0, 3), { dataVar: "data" });
  } finally {
    ajv.removeSchema(copy);
  }
}

/**
 * Analysis asks for a JSON object (JSON mode), and analysis_result is an object: a schema
 * whose root is not an object is wrapped as `{ value: <schema> }`.
 */
export function objectRootSchema(schema: Record<string, unknown>): { schema: Record<string, unknown>; wrapped: boolean } {
  if (schema.type === "object") return { schema, wrapped: false };
  // Definitions stay at the root so that "#/$defs/..." references still resolve.
  const { $schema, $defs, definitions, ...inner } = schema;
  return {
    schema: {
      ...(typeof $schema === "string" ? { $schema } : {}),
      ...($defs !== undefined ? { $defs } : {}),
      ...(definitions !== undefined ? { definitions } : {}),
      type: "object",
      properties: { value: inner },
      required: ["value"],
      additionalProperties: false,
    },
    wrapped: true,
  };
}

/** Parses a model's JSON answer, tolerating a ```json fence. */
export function parseJsonAnswer(content: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(content.trim().replace(/^```(?:json)?\s*|\s*```$/g, "")) };
  } catch {
    return { ok: false, error: "the answer is not valid JSON" };
  }
}
