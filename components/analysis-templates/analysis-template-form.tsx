"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ApiClientError, saveAnalysisTemplateRequest } from "@/lib/client/api";
import {
  ANALYSIS_PLACEHOLDERS,
  analysisTemplateCreateSchema,
  unknownAnalysisPlaceholders,
  type AnalysisTemplate,
  type AnalysisTemplateCreateInput,
} from "@/lib/schemas/analysis-template";
import { JsonSchemaField, schemaToText } from "@/components/analysis/json-schema-field";
import { Button, ErrorBanner, Field, Input, Select, Textarea } from "@/components/ui/primitives";

type Errors = Record<string, string>;
type Message = { role: "system" | "user" | "assistant"; content: string };

const EXAMPLE_SCHEMA = {
  type: "object",
  properties: {
    intent: { type: "string" },
    sentiment: { type: "string", enum: ["positive", "neutral", "negative"] },
    appointment_booked: { type: "boolean" },
  },
};
const DEFAULT_MESSAGES: Message[] = [
  { role: "system", content: "Extract structured data from the call transcript. Answer with JSON matching this schema: {{schema}}" },
  { role: "user", content: "Transcript:\n{{transcript}}\n\nThe call ended because: {{ended_reason}}" },
];

const parseJson = (s: string): unknown => {
  try {
    return JSON.parse(s);
  } catch {
    return s; // invalid JSON fails the schema check; the field shows why
  }
};

/** Create (no template) or edit an analysis template; calls onDone after saving. */
export function AnalysisTemplateForm({ template, onDone }: { template?: AnalysisTemplate; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(template?.name ?? "");
  const [description, setDescription] = useState(template?.description ?? "");
  const [schemaText, setSchemaText] = useState(schemaToText(template?.schema ?? EXAMPLE_SCHEMA));
  const [messages, setMessages] = useState<Message[]>(template?.messages ?? DEFAULT_MESSAGES);
  const [threshold, setThreshold] = useState(String(template?.min_messages_threshold ?? 2));
  const [errors, setErrors] = useState<Errors>({});
  // Editing a field retires its error (and those below it, e.g. messages.0.content).
  const edited = (key: string) => setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => k !== key && !k.startsWith(`${key}.`))));

  const mutation = useMutation({
    mutationFn: (payload: AnalysisTemplateCreateInput) => saveAnalysisTemplateRequest(template?.id ?? null, payload),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["analysis-templates"] });
      onDone();
    },
    onError: (error) => {
      const param = error instanceof ApiClientError ? error.param : null;
      setErrors(param ? { [param]: error.message.replace(`${param}: `, "") } : { form: error.message });
    },
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const payload = {
      name,
      description: description.trim() ? description : null,
      schema: parseJson(schemaText),
      messages,
      min_messages_threshold: threshold.trim() === "" ? Number.NaN : Number(threshold),
    } as AnalysisTemplateCreateInput;
    const parsed = analysisTemplateCreateSchema.safeParse(payload);
    if (!parsed.success) {
      const next: Errors = {};
      for (const issue of parsed.error.issues) next[issue.path.map(String).join(".") || "form"] ??= issue.message;
      return setErrors(next);
    }
    setErrors({});
    mutation.mutate(payload);
  }

  const setMessage = (i: number, patch: Partial<Message>) => {
    setMessages((list) => list.map((m, j) => (i === j ? { ...m, ...patch } : m)));
    edited(`messages.${i}`);
  };
  const unknown = unknownAnalysisPlaceholders(messages);
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Analysis template">
      {errors.form && <ErrorBanner message={errors.form} />}
      <div className="grid gap-4 md:grid-cols-2">
        <Field label="Template name" htmlFor="analysis-template-name" error={errors.name} hint="Unique within your organisation">
          <Input id="analysis-template-name" value={name} maxLength={100} onChange={(e) => { setName(e.target.value); edited("name"); }} />
        </Field>
        <Field label="Minimum transcript messages" htmlFor="analysis-template-threshold" error={errors.min_messages_threshold} hint="Shorter calls are not analysed">
          <Input id="analysis-template-threshold" type="number" min={0} step={1} value={threshold} onChange={(e) => { setThreshold(e.target.value); edited("min_messages_threshold"); }} />
        </Field>
      </div>
      <Field label="Template description (optional)" htmlFor="analysis-template-description" error={errors.description}>
        <Input id="analysis-template-description" value={description} onChange={(e) => { setDescription(e.target.value); edited("description"); }} />
      </Field>
      <JsonSchemaField
        id="analysis-template-schema"
        label="Schema (JSON Schema of the data to extract)"
        value={schemaText}
        onChange={setSchemaText}
        error={errors.schema}
        rows={10}
      />
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-700">Prompt messages</legend>
        <p className="text-xs text-slate-500">Placeholders: {ANALYSIS_PLACEHOLDERS.map((p) => <code key={p} className="mr-1 rounded bg-slate-100 px-1">{`{{${p}}}`}</code>)}</p>
        {errors.messages && <p role="alert" className="text-xs text-red-600">{errors.messages}</p>}
        {messages.map((m, i) => (
          <div key={i} className="grid gap-2 md:grid-cols-[10rem_1fr_auto]">
            <Field label={`Role of message ${i + 1}`} htmlFor={`analysis-message-${i}-role`} error={errors[`messages.${i}.role`]}>
              <Select id={`analysis-message-${i}-role`} value={m.role} onChange={(e) => setMessage(i, { role: e.target.value as Message["role"] })}>
                {(["system", "user", "assistant"] as const).map((r) => <option key={r}>{r}</option>)}
              </Select>
            </Field>
            <Field label={`Message ${i + 1}`} htmlFor={`analysis-message-${i}-content`} error={errors[`messages.${i}.content`]}>
              <Textarea id={`analysis-message-${i}-content`} rows={3} value={m.content} onChange={(e) => setMessage(i, { content: e.target.value })} />
            </Field>
            <div className="self-end">
              <Button type="button" variant="secondary" onClick={() => setMessages((list) => list.filter((_, j) => j !== i))} aria-label={`Remove message ${i + 1}`}>Remove</Button>
            </div>
          </div>
        ))}
        {unknown.length > 0 && (
          <p className="text-xs text-amber-700" data-testid="unknown-placeholders">
            Not filled in by the analysis: {unknown.map((p) => `{{${p}}}`).join(", ")}
          </p>
        )}
        <Button type="button" variant="secondary" onClick={() => setMessages((list) => [...list, { role: "user", content: "" }])}>Add message</Button>
      </fieldset>
      <div className="flex gap-2">
        <Button type="submit" disabled={mutation.isPending}>{mutation.isPending ? "Saving…" : template ? "Save analysis template" : "Create analysis template"}</Button>
        <Button type="button" variant="secondary" onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
