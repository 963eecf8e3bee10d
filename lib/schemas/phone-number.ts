import { z } from "zod";
import { uuidSchema } from "@/lib/schemas/common";
import { e164Schema } from "@/lib/schemas/phone";

// Bring-your-own-number: a number the organisation owns at its SIP provider, registered here
// and pointed at Switchboard's SIP address. `agent_id` is HMS's older name for assistant_id.

const nullableId = uuidSchema.nullable();

const numberFields = {
  phone_number: e164Schema,
  name: z.string().trim().max(200, "Name must be at most 200 characters").nullable().optional().describe("A display name"),
  assistant_id: nullableId.optional().describe("The assistant that answers calls to this number; null: none (the organisation's assistant-request webhook decides)"),
  agent_id: nullableId.optional().describe("Deprecated alias of assistant_id"),
  transfer_trunk_id: nullableId.optional().describe("The SIP trunk used for transfers and outbound calls from this number"),
  is_active: z.boolean().optional().describe("Inactive numbers refuse calls"),
};

function mergeAgentAlias<T extends { assistant_id?: string | null; agent_id?: string | null }>(input: T, ctx: z.RefinementCtx) {
  if (input.assistant_id !== undefined && input.agent_id !== undefined && input.assistant_id !== input.agent_id) {
    ctx.addIssue({ code: "custom", path: ["agent_id"], message: "assistant_id and agent_id disagree: send one of them" });
  }
  const { agent_id, ...rest } = input;
  const assistantId = input.assistant_id !== undefined ? input.assistant_id : agent_id;
  return { ...rest, ...(assistantId !== undefined ? { assistant_id: assistantId } : {}) } as Omit<T, "agent_id">;
}

export const phoneNumberCreateSchema = z
  .object(numberFields)
  .strict()
  .transform((input, ctx) => mergeAgentAlias(input, ctx));
export type PhoneNumberCreateInput = z.output<typeof phoneNumberCreateSchema>;

export const phoneNumberUpdateSchema = z
  .object({ ...numberFields, phone_number: e164Schema.optional() })
  .strict()
  .transform((input, ctx) => mergeAgentAlias(input, ctx));
export type PhoneNumberUpdateInput = z.output<typeof phoneNumberUpdateSchema>;

export const phoneNumberSchema = z.object({
  id: z.string(),
  phone_number: z.string(),
  name: z.string().nullable(),
  assistant_id: z.string().nullable(),
  agent_id: z.string().nullable().describe("Same as assistant_id"),
  agent_name: z.string().nullable().describe("Name of the assigned assistant"),
  business_name: z.string().nullable().describe("Business name of the assigned assistant"),
  transfer_trunk_id: z.string().nullable(),
  transfer_trunk_name: z.string().nullable(),
  is_active: z.boolean(),
  source: z.string().describe("How the number was provisioned: byo (registered by the organisation)"),
  sip_uri: z.string().describe("Where the SIP provider must send calls for this number"),
  created_at: z.string(),
  updated_at: z.string(),
});
export type PhoneNumber = z.infer<typeof phoneNumberSchema>;
