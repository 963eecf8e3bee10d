"use client";
import { useMemo, useState } from "react";
import { jsonSchemaError } from "@/lib/schemas/json-schema";
import { Field, Textarea } from "@/components/ui/primitives";

export type JsonSchemaReading = { schema?: Record<string, unknown>; error?: string };

/** JSON text -> schema object, or why it is not a usable JSON Schema. Empty text is no schema. */
export function readJsonSchema(text: string, options: { requireObjectType?: boolean } = {}): JsonSchemaReading {
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `Not valid JSON: ${error instanceof Error ? error.message : "parse error"}` };
  }
  const problem = jsonSchemaError(value, options);
  return problem ? { error: `Not a valid JSON Schema: ${problem}` } : { schema: value as Record<string, unknown> };
}

/** Schema object -> the text the field shows. */
export const schemaToText = (schema: unknown) => (schema === undefined ? "" : JSON.stringify(schema, null, 2));

export type JsonSchemaFieldProps = {
  /** id of the textarea (its label and error point at it). */
  id: string;
  label: string;
  /** The JSON text as typed; keep it as text so invalid drafts survive. */
  value: string;
  onChange: (text: string) => void;
  /** An outside error (e.g. the API's message for this field); the live check wins while it fails. */
  error?: string;
  hint?: string;
  /** Require `type: "object"` at the root (tool parameters). */
  requireObjectType?: boolean;
  rows?: number;
  placeholder?: string;
};

/** A JSON Schema textarea that checks JSON syntax and the schema itself as you type. */
export function JsonSchemaField({ id, label, value, onChange, error, hint, requireObjectType, rows = 8, placeholder }: JsonSchemaFieldProps) {
  const live = useMemo(() => readJsonSchema(value, { requireObjectType }), [value, requireObjectType]);
  // An outside error belongs to the text it came with; editing the text retires it.
  const [errorFor, setErrorFor] = useState({ error, value });
  if (errorFor.error !== error) setErrorFor({ error, value });
  const shown = live.error ?? (errorFor.value === value ? error : undefined);
  return (
    <Field label={label} htmlFor={id} error={shown} hint={hint ?? (live.schema ? "Valid JSON Schema" : undefined)}>
      <Textarea
        id={id}
        rows={rows}
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        aria-invalid={shown ? true : undefined}
        className="font-mono text-xs"
        onChange={(e) => onChange(e.target.value)}
        data-testid={`json-schema-${id}`}
      />
    </Field>
  );
}
