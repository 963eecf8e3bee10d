import { z } from "zod";

// Live call control (POST /calls/{id}/control). HMS spells types with hyphens; the
// underscore spellings are accepted too. Output is the hyphenated form. (An enum with a
// transform, not a preprocess: a discriminated union needs to read the accepted values.)
const controlType = <T extends string>(t: T) =>
  z.enum([t, t.replace(/-/g, "_")] as [string, string]).transform((): T => t);
export const callControlSchema = z.discriminatedUnion("type", [
  z.object({
    type: controlType("inject-context"),
    content: z.string().trim().min(1, "content is required").max(10_000),
    trigger_response: z.boolean().default(false).describe("Make the assistant respond right away"),
  }).strict(),
  z.object({
    type: controlType("say"),
    content: z.string().trim().min(1, "content is required").max(2000),
    interrupt: z.boolean().default(false).describe("Cut off what the assistant is saying"),
    end_after: z.boolean().default(false).describe("Hang up after saying it"),
  }).strict(),
  z.object({ type: controlType("end-call"), message: z.string().trim().max(2000).optional() }).strict(),
  z.object({
    type: controlType("transfer"),
    destination: z.string().regex(/^(\+[1-9]\d{1,14}|sips?:[^\s]+)$/, "must be an E.164 number or a SIP URI").describe("E.164 or SIP URI"),
    message: z.string().trim().max(2000).optional(),
  }).strict(),
]);
export type CallControl = z.output<typeof callControlSchema>;
