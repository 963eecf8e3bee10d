import "server-only";
import type { ToolTemplate as ToolTemplateRow } from "@/lib/generated/prisma/client";
import { toolFromConfig, toolTemplateSchema, type Tool, type ToolTemplate, type ToolType } from "@/lib/schemas/tools";
import { maskToolSecret } from "@/lib/tools/secrets";

// Row -> public tool template; the tool's webhook secret is only ever returned masked.
export function serializeToolTemplate(row: ToolTemplateRow): ToolTemplate {
  const tool = toolOfTemplate(row);
  return toolTemplateSchema.parse({
    id: row.id,
    name: row.name,
    description: row.description,
    tool_type: row.toolType,
    tool_config: maskToolSecret(row.toolConfig),
    function_definition: tool.type === "function" ? tool.function : null,
    server_url: tool.type === "function" ? (tool.server?.url ?? null) : null,
    async: tool.type === "function" ? tool.async : false,
    org_id: row.organizationId,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  });
}

/** The tool a template stands for, as it appears in llm_config.tools (secret masked). */
export function toolOfTemplate(row: Pick<ToolTemplateRow, "toolType" | "toolConfig">): Tool {
  return toolFromConfig(row.toolType as ToolType, maskToolSecret(row.toolConfig));
}
