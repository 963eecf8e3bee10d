"use client";
import { useState } from "react";
import type { ToolTemplate } from "@/lib/schemas/tools";
import { Button, Card } from "@/components/ui/primitives";
import { ToolTemplateForm } from "./tool-template-form";
import { ToolTemplatesTable } from "./tool-templates-table";

// Owners and admins create, edit and delete; members see the list.
export function ToolTemplatesPanel({ canManage }: { canManage: boolean }) {
  const [editing, setEditing] = useState<ToolTemplate | "new" | null>(null);
  return (
    <div className="space-y-6">
      {canManage && editing === null && <Button type="button" onClick={() => setEditing("new")}>New tool template</Button>}
      {editing !== null && (
        <Card title={editing === "new" ? "New tool template" : `Edit “${editing.name}”`}>
          <ToolTemplateForm key={editing === "new" ? "new" : editing.id} template={editing === "new" ? undefined : editing} onDone={() => setEditing(null)} />
        </Card>
      )}
      <Card title="Tool templates"><ToolTemplatesTable canManage={canManage} onEdit={setEditing} /></Card>
    </div>
  );
}
