import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { chatMessageSchema } from "@/lib/schemas/assistant";
import type { ChatMessage } from "@/lib/llm/complete-chat";
import { orgWhere, type OrgScope } from "@/lib/tenancy/scope";

// What structured data a call asks for: its assistant's analysis_plan (as frozen in the call's
// snapshot) or the analysis template the plan names. A template supplies the schema, the
// messages and the threshold; an inline plan its own schema and messages with the plan's
// min_messages_threshold.

export interface StructuredDataPlan {
  schema: Record<string, unknown>;
  messages: ChatMessage[];
  minMessages: number;
  templateId: string | null;
}

const snapshotPlanSchema = z
  .object({
    structured_data_plan: z
      .object({
        enabled: z.boolean().default(false),
        schema: z.record(z.string(), z.unknown()).optional(),
        messages: z.array(chatMessageSchema).optional(),
        template_id: z.string().nullable().optional(),
      })
      .nullable()
      .optional(),
    min_messages_threshold: z.number().int().min(0).default(2),
  })
  .nullable()
  .catch(null);

export type PlanResolution =
  | { kind: "none" }
  | { kind: "plan"; plan: StructuredDataPlan }
  | { kind: "missing_template"; templateId: string };

export async function resolveStructuredDataPlan(scope: OrgScope, call: {
  assistantSnapshot: unknown;
  assistant?: { analysisTemplateId: string | null } | null;
}): Promise<PlanResolution> {
  const snapshot = (call.assistantSnapshot ?? {}) as { analysis_plan?: unknown };
  const plan = snapshotPlanSchema.parse(snapshot.analysis_plan ?? null);
  const data = plan?.structured_data_plan;
  if (!plan || !data?.enabled) return { kind: "none" };

  const templateId = data.template_id ?? call.assistant?.analysisTemplateId ?? null;
  if (templateId) {
    const template = await db.analysisTemplate.findFirst({ where: { id: templateId, ...orgWhere(scope) } });
    if (template) {
      return {
        kind: "plan",
        plan: {
          schema: z.record(z.string(), z.unknown()).parse(template.schema),
          messages: z.array(chatMessageSchema).catch([]).parse(template.messages),
          minMessages: template.minMessagesThreshold,
          templateId,
        },
      };
    }
    if (!data.schema) return { kind: "missing_template", templateId };
  }
  if (!data.schema) return { kind: "none" };
  return {
    kind: "plan",
    plan: { schema: data.schema, messages: data.messages ?? [], minMessages: plan.min_messages_threshold, templateId: null },
  };
}
