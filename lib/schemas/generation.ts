import { z } from "zod";
import { languageSchema } from "@/lib/contract/languages";

export const assistantDraftRequestSchema = z
  .object({
    description: z.string().trim().min(10, "Describe the business in at least 10 characters").max(4000).describe("What the business does and what callers need"),
    business_name: z.string().trim().max(200).optional(),
    language: languageSchema.default("en").describe("Language the assistant speaks"),
  })
  .strict();
export type AssistantDraftRequest = z.output<typeof assistantDraftRequestSchema>;

export const assistantDraftSchema = z.object({
  system_prompt: z.string().min(1).max(20_000),
  first_message: z.string().min(1).max(2000),
});
export type AssistantDraft = z.infer<typeof assistantDraftSchema>;
