"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { analysisTemplateQueries, deleteAnalysisTemplateRequest } from "@/lib/client/api";
import type { AnalysisTemplate } from "@/lib/schemas/analysis-template";
import { formatDateTime } from "@/components/ui/format";
import { DataTable, listState } from "@/components/ui/data-table";
import { EditDeleteActions } from "@/components/ui/edit-delete-actions";

const fieldsOf = (schema: Record<string, unknown>) => Object.keys((schema.properties as Record<string, unknown> | undefined) ?? {});

export function AnalysisTemplatesTable({ canManage, onEdit }: { canManage: boolean; onEdit: (t: AnalysisTemplate) => void }) {
  const query = useQuery(analysisTemplateQueries.list());
  const state = listState(query, query.data?.analysis_templates, "analysis templates");
  if (state) return state;
  return (
    <DataTable testId="analysis-templates-table" columns={["Name", "Extracts", "Min. messages", "Updated"]} hasActions={canManage}>
      {query.data!.analysis_templates.map((t) => <Row key={t.id} template={t} canManage={canManage} onEdit={onEdit} />)}
    </DataTable>
  );
}

// Deleting asks once more in place; a template still used by assistants is refused (409).
function Row({ template, canManage, onEdit }: { template: AnalysisTemplate; canManage: boolean; onEdit: (t: AnalysisTemplate) => void }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => deleteAnalysisTemplateRequest(template.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["analysis-templates"] }),
  });
  return (
    <tr data-analysis-template={template.name}>
      <td className="py-2 pr-4 font-medium">
        {template.name}
        {template.description && <p className="text-xs font-normal text-slate-500">{template.description}</p>}
      </td>
      <td className="py-2 pr-4 font-mono text-xs text-slate-600">{fieldsOf(template.schema).join(", ") || "—"}</td>
      <td className="py-2 pr-4 text-slate-600">{template.min_messages_threshold}</td>
      <td className="py-2 pr-4 text-slate-600">{formatDateTime(template.updated_at)}</td>
      {canManage && <EditDeleteActions name={template.name} onEdit={() => onEdit(template)} remove={remove} />}
    </tr>
  );
}
