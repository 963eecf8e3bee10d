import "server-only";
import type { AnalysisTemplate as AnalysisTemplateRow } from "@/lib/generated/prisma/client";
import { analysisTemplateSchema, type AnalysisTemplate } from "@/lib/schemas/analysis-template";

export function serializeAnalysisTemplate(row: AnalysisTemplateRow): AnalysisTemplate {
  return analysisTemplateSchema.parse({
    id: row.id,
    name: row.name,
    description: row.description,
    schema: row.schema,
    messages: row.messages,
    min_messages_threshold: row.minMessagesThreshold,
    org_id: row.organizationId,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  });
}
