import "server-only";
import type { ToolTemplate as ToolTemplateRow } from "@/lib/generated/prisma/client";
import { toolFromConfig, toolTemplateSchema, type Tool, type ToolTemplate, type ToolType } from "@/lib/schemas/tools";
import { maskToolSecret } from "@/lib/tools/secrets";

// Row -> public tool template; the tool's webhook secret is only ever returned masked.
export function serializeToolTemplate(row: ToolTemplateRow): ToolTemplate {
  return toolTemplateSchema.parse({
    id: row.id,
    name: row.name,
    description: row.description,
    tool_type: row.toolType,
    tool_config: maskToolSecret(row.toolConfig),
    org_id: row.organizationId,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  });
}

/** The tool a template stands for, as it appears in llm_config.tools (secret masked). */
export function toolOfTemplate(row: Pick<ToolTemplateRow, "toolType" | "toolConfig">): Tool {
  return toolFromConfig(row.toolType as ToolType, maskToolSecret(row.toolConfig));
}
