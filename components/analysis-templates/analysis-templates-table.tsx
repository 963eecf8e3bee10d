"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { analysisTemplateQueries, deleteAnalysisTemplateRequest } from "@/lib/client/api";
import type { AnalysisTemplate } from "@/lib/schemas/analysis-template";
import { Button, ErrorBanner } from "@/components/ui/primitives";
import { formatDateTime } from "@/components/calls/format";
import { ConfirmInPlace } from "@/components/ui/confirm-in-place";

const fieldsOf = (schema: Record<string, unknown>) => Object.keys((schema.properties as Record<string, unknown> | undefined) ?? {});

export function AnalysisTemplatesTable({ canManage, onEdit }: { canManage: boolean; onEdit: (t: AnalysisTemplate) => void }) {
  const { data, error, isPending } = useQuery(analysisTemplateQueries.list());
  if (isPending) return <p className="text-sm text-slate-500">Loading analysis templates…</p>;
  if (error) return <ErrorBanner message={error.message} />;
  if (data.analysis_templates.length === 0) return <p className="text-sm text-slate-600">No analysis templates yet.</p>;
  return (
    <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="analysis-templates-table">
      <thead className="text-left text-xs font-semibold uppercase text-slate-500">
        <tr>
          <th className="py-2 pr-4">Name</th>
          <th className="py-2 pr-4">Extracts</th>
          <th className="py-2 pr-4">Min. messages</th>
          <th className="py-2 pr-4">Updated</th>
          {canManage && <th className="py-2"><span className="sr-only">Actions</span></th>}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {data.analysis_templates.map((t) => <Row key={t.id} template={t} canManage={canManage} onEdit={onEdit} />)}
      </tbody>
    </table>
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
      {canManage && (
        <td className="py-2 text-right">
          <ConfirmInPlace
            actionLabel="Delete"
            actionAriaLabel={`Delete ${template.name}`}
            confirmLabel="Confirm delete"
            pendingLabel="Deleting…"
            pending={remove.isPending}
            onStart={() => remove.reset()}
            onConfirm={() => remove.mutate()}
          >
            <Button type="button" variant="secondary" onClick={() => onEdit(template)} aria-label={`Edit ${template.name}`}>Edit</Button>
          </ConfirmInPlace>
          {remove.error && <p role="alert" className="mt-1 text-xs text-red-600" data-testid="delete-error">{remove.error.message}</p>}
        </td>
      )}
    </tr>
  );
}
