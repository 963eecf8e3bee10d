"use client";
import { useEffect, useState } from "react";
import { JsonSchemaField, schemaToText } from "@/components/analysis/json-schema-field";
import { Button, Field, Input, Select, Textarea } from "@/components/ui/primitives";
import { MASKED_TOOL_SECRET, normaliseTool, TOOL_TYPES, type ToolInput, type ToolType } from "@/lib/schemas/tools";

// Edits one tool of llm_config.tools (or a tool template's tool). The value is the API's own
// tool shape; errors are keyed by the API's paths relative to the tool ("function.name",
// "destinations.0.number"), so a parent can pass the 422 `param` or zod issues straight on.

export type ToolEditorProps = {
  value: ToolInput;
  onChange: (value: ToolInput) => void;
  /** Messages by path relative to the tool, e.g. { "function.name": "…" }. */
  errors?: Record<string, string>;
  /** Makes the field ids unique when several editors share a page. */
  idPrefix?: string;
  /** Which types the type select offers (all by default). */
  types?: readonly ToolType[];
};

type Obj = Record<string, unknown>;
type Destination = { type?: "number"; number?: string; description?: string; message?: string };

export const TOOL_TYPE_LABELS: Record<ToolType, string> = {
  function: "Function (webhook)",
  end_call: "End call",
  transfer_call: "Transfer call",
  send_dtmf: "Press keys (DTMF)",
};

/** A fresh tool of the given type. */
export function newTool(type: ToolType): ToolInput {
  if (type === "function") return { type, function: { name: "", description: "", parameters: { type: "object", properties: {} } }, async: false };
  if (type === "transfer_call") return { type, destinations: [{ type: "number", number: "" }] };
  return { type };
}

const asObj = (v: unknown): Obj => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const text = (v: unknown) => (typeof v === "string" ? v : "");
const parseJson = (s: string): unknown => {
  try {
    return s.trim() === "" ? undefined : JSON.parse(s);
  } catch {
    return undefined;
  }
};

export function ToolEditor({ value, onChange, errors = {}, idPrefix = "tool", types = TOOL_TYPES }: ToolEditorProps) {
  const tool = asObj(normaliseTool(value));
  const type = (TOOL_TYPES as readonly string[]).includes(String(tool.type)) ? (tool.type as ToolType) : "function";
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <div className="space-y-4" data-tool-type={type}>
      <Field label="Tool type" htmlFor={id("type")} error={errors.type}>
        <Select id={id("type")} value={type} onChange={(e) => onChange(newTool(e.target.value as ToolType))}>
          {types.map((t) => <option key={t} value={t}>{TOOL_TYPE_LABELS[t]}</option>)}
        </Select>
      </Field>
      {type === "function" && <FunctionFields tool={tool} onChange={onChange} errors={errors} id={id} />}
      {type === "transfer_call" && <TransferFields tool={tool} onChange={onChange} errors={errors} id={id} />}
      {type === "end_call" && <p className="text-sm text-slate-600">Lets the assistant hang up when the conversation is over. No settings.</p>}
      {type === "send_dtmf" && <p className="text-sm text-slate-600">Lets the assistant press keypad keys on a phone call, e.g. to find its way through a phone menu. No settings.</p>}
    </div>
  );
}

type SectionProps = { tool: Obj; onChange: (value: ToolInput) => void; errors: Record<string, string>; id: (name: string) => string };

function FunctionFields({ tool, onChange, errors, id }: SectionProps) {
  const fn = asObj(tool.function);
  const server = asObj(tool.server);
  const set = (patch: Obj) => onChange({ ...tool, ...patch } as ToolInput);
  const setFn = (patch: Obj) => set({ function: { ...fn, ...patch } });
  const setServer = (patch: Obj) => {
    const next = { ...server, ...patch };
    if (!next.secret) delete next.secret;
    set({ server: next.url || next.secret ? next : undefined });
  };
  const errorAt = (path: string) => errors[path] ?? Object.entries(errors).find(([k]) => k.startsWith(`${path}.`))?.[1];

  // Parameters are edited as text; the tool carries the parsed schema, or the raw text while
  // it is not valid JSON (so validating the tool fails until it is fixed).
  const [parametersText, setParametersText] = useState(() => (typeof fn.parameters === "string" ? fn.parameters : schemaToText(fn.parameters)));
  // Only a change from outside (another tool loaded, a reset) replaces what is being typed.
  const incomingParameters = JSON.stringify(fn.parameters ?? null);
  useEffect(() => {
    const incoming = fn.parameters;
    if (typeof incoming === "string") return;
    if (JSON.stringify(incoming ?? null) !== JSON.stringify(parseJson(parametersText) ?? null)) setParametersText(schemaToText(incoming));
  }, [incomingParameters]);
  function onParameters(next: string) {
    setParametersText(next);
    // Invalid JSON travels as the text itself; the JSON error shows next to the field.
    setFn({ parameters: next.trim() === "" ? undefined : (parseJson(next) ?? next) });
  }

  return (
    <div className="space-y-4">
      <div className="grid gap-4 md:grid-cols-2">
        <Field label="Function name" htmlFor={id("function-name")} error={errorAt("function.name") ?? errorAt("function")} hint="Letters, digits, _ and -; what the model calls">
          <Input id={id("function-name")} value={text(fn.name)} placeholder="check_availability" onChange={(e) => setFn({ name: e.target.value })} />
        </Field>
        <Field label="Webhook URL" htmlFor={id("server-url")} error={errorAt("server.url") ?? errorAt("server")} hint="Receives the tool call; empty = the assistant's webhook URL">
          <Input id={id("server-url")} value={text(server.url)} placeholder="https://example.com/tools" onChange={(e) => setServer({ url: e.target.value })} />
        </Field>
      </div>
      <Field label="Description" htmlFor={id("function-description")} error={errorAt("function.description")} hint="Tells the model when to call it">
        <Textarea id={id("function-description")} rows={2} value={text(fn.description)} onChange={(e) => setFn({ description: e.target.value })} />
      </Field>
      <JsonSchemaField
        id={id("parameters")}
        label="Parameters (JSON Schema)"
        value={parametersText}
        onChange={onParameters}
        error={errorAt("function.parameters")}
        requireObjectType
        placeholder='{ "type": "object", "properties": { "day": { "type": "string" } }, "required": ["day"] }'
      />
      <div className="grid gap-4 md:grid-cols-2">
        <Field label="Webhook secret (optional)" htmlFor={id("server-secret")} error={errorAt("server.secret")} hint={server.secret === MASKED_TOOL_SECRET ? "A secret is stored; leave as is to keep it" : "Signs the webhook; write-only"}>
          <Input id={id("server-secret")} type="password" autoComplete="new-password" value={text(server.secret)} onChange={(e) => setServer({ secret: e.target.value })} />
        </Field>
        <Field label="Message while running (optional)" htmlFor={id("message")} error={errorAt("message")}>
          <Input id={id("message")} value={text(tool.message)} placeholder="One moment please" onChange={(e) => set({ message: e.target.value || undefined })} />
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input id={id("async")} type="checkbox" checked={tool.async === true} onChange={(e) => set({ async: e.target.checked })} />
        Asynchronous (don't wait for the webhook's answer)
      </label>
    </div>
  );
}

function TransferFields({ tool, onChange, errors, id }: SectionProps) {
  const destinations = (Array.isArray(tool.destinations) ? tool.destinations : []) as Destination[];
  const setDestinations = (next: Destination[]) => onChange({ ...tool, destinations: next } as ToolInput);
  const update = (i: number, patch: Destination) => setDestinations(destinations.map((d, j) => (i === j ? { ...d, ...patch } : d)));
  return (
    <div className="space-y-3">
      {errors.destinations && <p role="alert" className="text-xs text-red-600" data-field-error={id("destinations")}>{errors.destinations}</p>}
      {destinations.map((d, i) => (
        <fieldset key={i} className="grid gap-3 rounded-md border border-slate-200 p-3 md:grid-cols-3" aria-label={`Destination ${i + 1}`}>
          <Field label="Phone number (E.164)" htmlFor={id(`destination-${i}-number`)} error={errors[`destinations.${i}.number`] ?? errors[`destinations.${i}`]}>
            <Input id={id(`destination-${i}-number`)} value={text(d.number)} placeholder="+31850835037" onChange={(e) => update(i, { number: e.target.value })} />
          </Field>
          <Field label="When to transfer" htmlFor={id(`destination-${i}-description`)} error={errors[`destinations.${i}.description`]}>
            <Input id={id(`destination-${i}-description`)} value={text(d.description)} placeholder="Sales questions" onChange={(e) => update(i, { description: e.target.value || undefined })} />
          </Field>
          <Field label="Said before transferring" htmlFor={id(`destination-${i}-message`)} error={errors[`destinations.${i}.message`]}>
            <Input id={id(`destination-${i}-message`)} value={text(d.message)} placeholder="Transferring you now" onChange={(e) => update(i, { message: e.target.value || undefined })} />
          </Field>
          {destinations.length > 1 && (
            <div className="md:col-span-3">
              <Button type="button" variant="secondary" onClick={() => setDestinations(destinations.filter((_, j) => j !== i))}>Remove destination</Button>
            </div>
          )}
        </fieldset>
      ))}
      <Button type="button" variant="secondary" onClick={() => setDestinations([...destinations, { type: "number", number: "" }])}>Add destination</Button>
    </div>
  );
}
