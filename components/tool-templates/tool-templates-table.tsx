"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { deleteToolTemplateRequest, toolTemplateQueries } from "@/lib/client/api";
import type { ToolTemplate } from "@/lib/schemas/tools";
import { TOOL_TYPE_LABELS } from "@/components/tools/tool-editor";
import { Badge, Button, ErrorBanner } from "@/components/ui/primitives";
import { formatDateTime } from "@/components/calls/format";
import { ConfirmInPlace } from "@/components/ui/confirm-in-place";

function summary(t: ToolTemplate): string {
  const config = t.tool_config as { function?: { name: string }; server?: { url: string }; destinations?: { number: string }[] };
  if (t.tool_type === "function") return `${config.function?.name ?? ""}()${config.server ? ` → ${config.server.url}` : ""}`;
  if (t.tool_type === "transfer_call") return (config.destinations ?? []).map((d) => d.number).join(", ");
  return "—";
}

export function ToolTemplatesTable({ canManage, onEdit }: { canManage: boolean; onEdit: (t: ToolTemplate) => void }) {
  const { data, error, isPending } = useQuery(toolTemplateQueries.list());
  if (isPending) return <p className="text-sm text-slate-500">Loading tool templates…</p>;
  if (error) return <ErrorBanner message={error.message} />;
  if (data.tool_templates.length === 0) return <p className="text-sm text-slate-600">No tool templates yet.</p>;
  return (
    <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="tool-templates-table">
      <thead className="text-left text-xs font-semibold uppercase text-slate-500">
        <tr>
          <th className="py-2 pr-4">Name</th>
          <th className="py-2 pr-4">Type</th>
          <th className="py-2 pr-4">Tool</th>
          <th className="py-2 pr-4">Updated</th>
          {canManage && <th className="py-2"><span className="sr-only">Actions</span></th>}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {data.tool_templates.map((t) => <Row key={t.id} template={t} canManage={canManage} onEdit={onEdit} />)}
      </tbody>
    </table>
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
