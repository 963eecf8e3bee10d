"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button, Card } from "@/components/ui/primitives";
import { newTool, ToolEditor, TOOL_TYPE_LABELS } from "@/components/tools/tool-editor";
import { JsonSchemaField, readJsonSchema, schemaToText } from "@/components/analysis/json-schema-field";
import { analysisTemplateQueries, toolTemplateQueries } from "@/lib/client/api";
import { TOOL_TYPES, type ToolInput } from "@/lib/schemas/tools";
import { getAt } from "./draft";
import { CheckboxField, NumberField, SelectField, useEditor, useFieldError } from "./fields";

/** Errors under `prefix.` with that prefix removed, for a nested editor. */
function errorsUnder(errors: Record<string, string>, prefix: string) {
  return Object.fromEntries(Object.entries(errors).filter(([k]) => k.startsWith(`${prefix}.`)).map(([k, v]) => [k.slice(prefix.length + 1), v]));
}

export function ToolsSection() {
  const { draft, errors, set } = useEditor();
  const tools = ((getAt(draft, "llm_config.tools") as ToolInput[] | undefined) ?? []);
  const templates = useQuery(toolTemplateQueries.list());
  const selected = (getAt(draft, "tool_template_ids") as string[] | undefined) ?? [];
  const templateError = useFieldError("tool_template_ids");
  const setTools = (next: ToolInput[]) => set("llm_config.tools", next);

  return (
    <Card title="Tools">
      <div className="space-y-4">
        {tools.length === 0 && <p className="text-sm text-slate-500">No tools: the assistant only talks.</p>}
        {tools.map((tool, i) => (
          <div key={i} className="rounded-md border border-slate-200 p-4" data-testid={`tool-${i}`}>
            <ToolEditor
              idPrefix={`tool-${i}`}
              value={tool}
              errors={errorsUnder(errors, `llm_config.tools.${i}`)}
              onChange={(value) => setTools(tools.map((t, j) => (j === i ? value : t)))}
            />
            <Button type="button" variant="secondary" className="mt-3" onClick={() => setTools(tools.filter((_, j) => j !== i))}>Remove tool</Button>
          </div>
        ))}
        <div className="flex flex-wrap gap-2">
          {TOOL_TYPES.map((type) => (
            <Button key={type} type="button" variant="secondary" onClick={() => setTools([...tools, newTool(type)])}>Add {TOOL_TYPE_LABELS[type].toLowerCase()}</Button>
          ))}
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">From templates</legend>
          {templates.data?.tool_templates.length ? (
            <div className="mt-2 flex flex-wrap gap-4">
              {templates.data.tool_templates.map((t) => (
                <label key={t.id} className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={selected.includes(t.id)}
                    onChange={() => set("tool_template_ids", selected.includes(t.id) ? selected.filter((id) => id !== t.id) : [...selected, t.id])}
                  />
                  {t.name} <span className="text-xs text-slate-500">({t.tool_type})</span>
                </label>
              ))}
            </div>
          ) : (
            <p className="mt-1 text-sm text-slate-500">No tool templates yet.</p>
          )}
          {templateError && <p role="alert" className="mt-1 text-xs text-red-600">{templateError}</p>}
        </fieldset>
      </div>
    </Card>
  );
}

export function AnalysisSection() {
  const { draft, errors, set } = useEditor();
  const plan = getAt(draft, "analysis_plan.structured_data_plan") as { schema?: unknown } | undefined;
  const templates = useQuery(analysisTemplateQueries.list());
  // The schema is edited as text so that an invalid draft survives typing.
  const [schemaText, setSchemaText] = useState(() => schemaToText(plan?.schema));
  const enabled = getAt(draft, "analysis_plan.structured_data_plan.enabled") === true;

  const onSchemaText = (text: string) => {
    setSchemaText(text);
    const { schema } = readJsonSchema(text);
    set("analysis_plan.structured_data_plan.schema", text.trim() === "" ? undefined : (schema ?? text));
  };

  return (
    <Card title="Post-call analysis">
      <div className="space-y-4">
        <CheckboxField path="analysis_plan.structured_data_plan.enabled" label="Extract structured data after each call" hint="A summary is always written; this adds fields matching a JSON Schema." />
        {enabled && (
          <>
            <SelectField
              path="analysis_plan.structured_data_plan.template_id"
              label="Analysis template"
              options={[{ value: "", label: "(none: use the schema below)" }, ...(templates.data?.analysis_templates ?? []).map((t) => ({ value: t.id, label: t.name }))]}
              onChange={(v) => set("analysis_plan.structured_data_plan.template_id", v || null)}
            />
            <JsonSchemaField
              id="f-analysis_plan-structured_data_plan-schema"
              label="Schema"
              value={schemaText}
              onChange={onSchemaText}
              error={errors["analysis_plan.structured_data_plan.schema"]}
              placeholder='{ "type": "object", "properties": { "intent": { "type": "string" } } }'
            />
            <NumberField path="analysis_plan.min_messages_threshold" label="Minimum messages" hint="Skip the analysis for shorter calls" min={0} max={1000} />
          </>
        )}
      </div>
    </Card>
  );
}
