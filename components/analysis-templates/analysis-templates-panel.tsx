"use client";
import { useState } from "react";
import type { AnalysisTemplate } from "@/lib/schemas/analysis-template";
import { Button, Card } from "@/components/ui/primitives";
import { AnalysisTemplateForm } from "./analysis-template-form";
import { AnalysisTemplatesTable } from "./analysis-templates-table";

// Owners and admins create, edit and delete; members see the list.
export function AnalysisTemplatesPanel({ canManage }: { canManage: boolean }) {
  const [editing, setEditing] = useState<AnalysisTemplate | "new" | null>(null);
  return (
    <div className="space-y-6">
      {canManage && editing === null && <Button type="button" onClick={() => setEditing("new")}>New analysis template</Button>}
      {editing !== null && (
        <Card title={editing === "new" ? "New analysis template" : `Edit “${editing.name}”`}>
          <AnalysisTemplateForm key={editing === "new" ? "new" : editing.id} template={editing === "new" ? undefined : editing} onDone={() => setEditing(null)} />
        </Card>
      )}
      <Card title="Analysis templates"><AnalysisTemplatesTable canManage={canManage} onEdit={setEditing} /></Card>
    </div>
  );
}
