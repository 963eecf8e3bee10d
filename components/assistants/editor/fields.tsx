"use client";
import { createContext, useContext, type ReactNode } from "react";
import { Field, Input, Select, Textarea } from "@/components/ui/primitives";
import { fieldId, getAt, type Draft, type FieldErrors } from "./draft";

type EditorContext = { draft: Draft; errors: FieldErrors; set: (path: string, value: unknown) => void };
const Ctx = createContext<EditorContext | null>(null);

export function EditorProvider({ value, children }: { value: EditorContext; children: ReactNode }) {
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useEditor(): EditorContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error("useEditor outside EditorProvider");
  return ctx;
}

/** The first error at this path or below it (e.g. a nested config field). */
export function useFieldError(path: string): string | undefined {
  const { errors } = useEditor();
  return errors[path] ?? Object.entries(errors).find(([k]) => k.startsWith(`${path}.`))?.[1];
}

type Base = { path: string; label: string; hint?: string; placeholder?: string };

export function TextField({ path, label, hint, placeholder, optional, list }: Base & { optional?: boolean; list?: string }) {
  const { draft, set } = useEditor();
  const value = getAt(draft, path);
  return (
    <Field label={label} htmlFor={fieldId(path)} error={useFieldError(path)} hint={hint}>
      <Input
        id={fieldId(path)}
        list={list}
        placeholder={placeholder}
        value={typeof value === "string" ? value : ""}
        onChange={(e) => set(path, optional && e.target.value.trim() === "" ? undefined : e.target.value)}
      />
    </Field>
  );
}

export function NullableTextField({ path, label, hint, placeholder, multiline }: Base & { multiline?: boolean }) {
  const { draft, set } = useEditor();
  const value = getAt(draft, path);
  const props = {
    id: fieldId(path),
    placeholder,
    value: typeof value === "string" ? value : "",
    onChange: (e: { target: { value: string } }) => set(path, e.target.value === "" ? null : e.target.value),
  };
  return (
    <Field label={label} htmlFor={fieldId(path)} error={useFieldError(path)} hint={hint}>
      {multiline ? <Textarea rows={3} {...props} /> : <Input {...props} />}
    </Field>
  );
}

export function NumberField({ path, label, hint, step = 1, min, max, nullable }: Base & { step?: number; min?: number; max?: number; nullable?: boolean }) {
  const { draft, set } = useEditor();
  const value = getAt(draft, path);
  return (
    <Field label={label} htmlFor={fieldId(path)} error={useFieldError(path)} hint={hint}>
      <Input
        id={fieldId(path)}
        type="number"
        step={step}
        min={min}
        max={max}
        value={typeof value === "number" ? String(value) : ""}
        onChange={(e) => set(path, e.target.value === "" ? (nullable ? null : undefined) : Number(e.target.value))}
      />
    </Field>
  );
}

export function SelectField({ path, label, hint, options, onChange }: Base & { options: readonly (string | { value: string; label: string })[]; onChange?: (value: string) => void }) {
  const { draft, set } = useEditor();
  const value = getAt(draft, path);
  return (
    <Field label={label} htmlFor={fieldId(path)} error={useFieldError(path)} hint={hint}>
      <Select id={fieldId(path)} value={typeof value === "string" ? value : ""} onChange={(e) => (onChange ? onChange(e.target.value) : set(path, e.target.value))}>
        {options.map((o) => (typeof o === "string" ? <option key={o} value={o}>{o}</option> : <option key={o.value} value={o.value}>{o.label}</option>))}
      </Select>
    </Field>
  );
}

export function CheckboxField({ path, label, hint }: Base) {
  const { draft, set } = useEditor();
  const error = useFieldError(path);
  return (
    <div>
      <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
        <input id={fieldId(path)} type="checkbox" className="h-4 w-4 rounded border-slate-300" checked={getAt(draft, path) === true} onChange={(e) => set(path, e.target.checked)} />
        {label}
      </label>
      {hint && !error && <p className="ml-6 mt-1 text-xs text-slate-500">{hint}</p>}
      {error && <p role="alert" className="ml-6 mt-1 text-xs text-red-600" data-field-error={fieldId(path)}>{error}</p>}
    </div>
  );
}

/** A list of short strings edited as comma-separated text. */
export function ListField({ path, label, hint, placeholder }: Base) {
  const { draft, set } = useEditor();
  const value = getAt(draft, path);
  return (
    <Field label={label} htmlFor={fieldId(path)} error={useFieldError(path)} hint={hint}>
      <Input
        id={fieldId(path)}
        placeholder={placeholder}
        defaultValue={Array.isArray(value) ? value.join(", ") : ""}
        onBlur={(e) => set(path, e.target.value.split(",").map((s) => s.trim()).filter(Boolean))}
      />
    </Field>
  );
}
