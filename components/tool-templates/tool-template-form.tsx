"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ApiClientError, saveToolTemplateRequest } from "@/lib/client/api";
import { toolTemplateCreateSchema, type ToolInput, type ToolTemplate, type ToolTemplateCreateInput } from "@/lib/schemas/tools";
import { newTool, ToolEditor } from "@/components/tools/tool-editor";
import { Button, ErrorBanner, Field, Input, Textarea } from "@/components/ui/primitives";

type Errors = Record<string, string>;

const toolOf = (t?: ToolTemplate): ToolInput => (t ? ({ ...t.tool_config, type: t.tool_type } as ToolInput) : newTool("function"));

function toPayload(name: string, description: string, tool: ToolInput): ToolTemplateCreateInput {
  const { type, ...config } = tool as { type: ToolTemplateCreateInput["tool_type"] } & Record<string, unknown>;
  return { name, description: description.trim() ? description : null, tool_type: type, tool_config: config };
}

// The API's paths -> this form's fields: tool_config.* (and tool_type) belong to the tool editor.
function place(errors: Errors, path: string, message: string) {
  const key = path === "tool_type" ? "tool.type" : path.startsWith("tool_config.") ? `tool.${path.slice("tool_config.".length)}` : path === "tool_config" ? "tool.type" : path;
  errors[key] ??= message;
}

/** Create (no template) or edit a tool template; calls onDone after saving. */
export function ToolTemplateForm({ template, onDone }: { template?: ToolTemplate; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(template?.name ?? "");
  const [description, setDescription] = useState(template?.description ?? "");
  const [tool, setTool] = useState<ToolInput>(() => toolOf(template));
  const [errors, setErrors] = useState<Errors>({});
  const edited = (test: (key: string) => boolean) => setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !test(k))));

  const mutation = useMutation({
    mutationFn: (payload: ToolTemplateCreateInput) => saveToolTemplateRequest(template?.id ?? null, payload),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["tool-templates"] });
      onDone();
    },
    onError: (error) => {
      const next: Errors = {};
      if (error instanceof ApiClientError && error.param) place(next, error.param, error.message.replace(`${error.param}: `, ""));
      else next.form = error.message;
      setErrors(next);
    },
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const payload = toPayload(name, description, tool);
    const parsed = toolTemplateCreateSchema.safeParse(payload);
    if (!parsed.success) {
      const next: Errors = {};
      for (const issue of parsed.error.issues) place(next, issue.path.map(String).join(".") || "form", issue.message);
      return setErrors(next);
    }
    setErrors({});
    mutation.mutate(payload);
  }

  const toolErrors = Object.fromEntries(Object.entries(errors).filter(([k]) => k.startsWith("tool.")).map(([k, v]) => [k.slice(5), v]));
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Tool template">
      {errors.form && <ErrorBanner message={errors.form} />}
      <div className="grid gap-4 md:grid-cols-2">
        <Field label="Template name" htmlFor="tool-template-name" error={errors.name} hint="Unique within your organisation">
          <Input id="tool-template-name" value={name} maxLength={100} onChange={(e) => { setName(e.target.value); edited((k) => k === "name"); }} />
        </Field>
        <Field label="Template description (optional)" htmlFor="tool-template-description" error={errors.description}>
          <Textarea id="tool-template-description" rows={1} value={description} onChange={(e) => { setDescription(e.target.value); edited((k) => k === "description"); }} />
        </Field>
      </div>
      <ToolEditor value={tool} onChange={(next) => { setTool(next); edited((k) => k.startsWith("tool.")); }} errors={toolErrors} idPrefix="tool-template" />
      <div className="flex gap-2">
        <Button type="submit" disabled={mutation.isPending}>{mutation.isPending ? "Saving…" : template ? "Save tool template" : "Create tool template"}</Button>
        <Button type="button" variant="secondary" onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
