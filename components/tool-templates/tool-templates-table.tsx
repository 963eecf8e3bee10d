"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { deleteToolTemplateRequest, toolTemplateQueries } from "@/lib/client/api";
import type { ToolTemplate } from "@/lib/schemas/tools";
import { TOOL_TYPE_LABELS } from "@/components/tools/tool-editor";
import { Badge } from "@/components/ui/primitives";
import { formatDateTime } from "@/components/ui/format";
import { DataTable, listState } from "@/components/ui/data-table";
import { EditDeleteActions } from "@/components/ui/edit-delete-actions";

function summary(t: ToolTemplate): string {
  const config = t.tool_config as { function?: { name: string }; server?: { url: string }; destinations?: { number: string }[] };
  if (t.tool_type === "function") return `${config.function?.name ?? ""}()${config.server ? ` → ${config.server.url}` : ""}`;
  if (t.tool_type === "transfer_call") return (config.destinations ?? []).map((d) => d.number).join(", ");
  return "—";
}

export function ToolTemplatesTable({ canManage, onEdit }: { canManage: boolean; onEdit: (t: ToolTemplate) => void }) {
  const query = useQuery(toolTemplateQueries.list());
  const state = listState(query, query.data?.tool_templates, "tool templates");
  if (state) return state;
  return (
    <DataTable testId="tool-templates-table" columns={["Name", "Type", "Tool", "Updated"]} hasActions={canManage}>
      {query.data!.tool_templates.map((t) => <Row key={t.id} template={t} canManage={canManage} onEdit={onEdit} />)}
    </DataTable>
  );
}

// Deleting asks once more in place; a template still used by assistants is refused (409).
function Row({ template, canManage, onEdit }: { template: ToolTemplate; canManage: boolean; onEdit: (t: ToolTemplate) => void }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => deleteToolTemplateRequest(template.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["tool-templates"] }),
  });
  return (
    <tr data-tool-template={template.name}>
      <td className="py-2 pr-4 font-medium">
        {template.name}
        {template.description && <p className="text-xs font-normal text-slate-500">{template.description}</p>}
      </td>
      <td className="py-2 pr-4"><Badge tone="blue">{TOOL_TYPE_LABELS[template.tool_type]}</Badge></td>
      <td className="py-2 pr-4 font-mono text-xs text-slate-600">{summary(template)}</td>
      <td className="py-2 pr-4 text-slate-600">{formatDateTime(template.updated_at)}</td>
      {canManage && <EditDeleteActions name={template.name} onEdit={() => onEdit(template)} remove={remove} />}
    </tr>
  );
}
