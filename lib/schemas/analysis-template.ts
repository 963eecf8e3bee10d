import { z } from "zod";
import { chatMessageSchema } from "@/lib/schemas/assistant";
import { jsonSchemaField } from "@/lib/schemas/json-schema";

// Reusable post-call extraction: a JSON Schema, the prompt messages and the minimum
// transcript length. An assistant points at one with analysis_plan.structured_data_plan.template_id.

/** Placeholders the analysis prompt may use; they are filled in after the call. */
export const ANALYSIS_PLACEHOLDERS = ["schema", "transcript", "ended_reason"] as const;

/** {{placeholders}} in the messages that analysis does not fill in (likely typos). */
export function unknownAnalysisPlaceholders(messages: { content: string }[]): string[] {
  const found = messages.flatMap((m) => [...m.content.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((x) => x[1]!));
  return [...new Set(found)].filter((p) => !(ANALYSIS_PLACEHOLDERS as readonly string[]).includes(p));
}

const fields = {
  name: z.string().trim().min(1, "name is required").max(100).describe("Unique within the organisation"),
  description: z.string().max(1000).nullable().optional(),
  schema: jsonSchemaField().describe("JSON Schema of the structured data to extract"),
  messages: z
    .array(chatMessageSchema)
    .max(20)
    .describe("Prompt messages; may use {{schema}}, {{transcript}} and {{ended_reason}}"),
  min_messages_threshold: z.number().int().min(0).max(1000).describe("Skip analysis below this many transcript messages"),
};

export const analysisTemplateCreateSchema = z
  .object({ ...fields, messages: fields.messages.default([]), min_messages_threshold: fields.min_messages_threshold.default(2) })
  .strict();
export type AnalysisTemplateCreateInput = z.input<typeof analysisTemplateCreateSchema>;
export type AnalysisTemplateCreate = z.output<typeof analysisTemplateCreateSchema>;

export const analysisTemplateUpdateSchema = z
  .object({
    name: fields.name.optional(),
    description: fields.description,
    schema: fields.schema.optional(),
    messages: fields.messages.optional(),
    min_messages_threshold: fields.min_messages_threshold.optional(),
  })
  .strict();
export type AnalysisTemplateUpdate = z.output<typeof analysisTemplateUpdateSchema>;

export const analysisTemplateSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  description: z.string().nullable(),
  schema: z.record(z.string(), z.unknown()),
  messages: z.array(chatMessageSchema),
  min_messages_threshold: z.number().int(),
  org_id: z.string().uuid(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type AnalysisTemplate = z.infer<typeof analysisTemplateSchema>;
