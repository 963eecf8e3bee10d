import type { z } from "zod";
import type { Assistant, AssistantCreateInput } from "@/lib/schemas/assistant";
import { ASSISTANT_DEFAULTS, assistantCreateSchema } from "@/lib/schemas/assistant";
import { DEFAULT_LLM_MODEL, DEFAULT_STT_MODEL, DEFAULT_TTS_MODEL, DEFAULT_VOICE_ID } from "@/lib/contract/defaults";

// The editor's state is the API's create body itself; fields read and write it by dotted path.
export type Draft = AssistantCreateInput & { [key: string]: unknown };
export type FieldErrors = Record<string, string>;

export function toDraft(a?: Assistant): Draft {
  if (!a) {
    return {
      name: "",
      first_message: ASSISTANT_DEFAULTS.first_message,
      is_active: true,
      max_duration_seconds: ASSISTANT_DEFAULTS.max_duration_seconds,
      stt_config: { ...ASSISTANT_DEFAULTS.stt, model: DEFAULT_STT_MODEL, keyterms: [] },
      llm_config: { ...ASSISTANT_DEFAULTS.llm, model: DEFAULT_LLM_MODEL, messages: [{ role: "system", content: ASSISTANT_DEFAULTS.system_prompt }], tools: [] },
      tts_config: { ...ASSISTANT_DEFAULTS.tts, model: DEFAULT_TTS_MODEL, voice_id: DEFAULT_VOICE_ID },
      webhook_events: [],
    };
  }
  // Only the fields a client may send; the webhook secret is write-only (empty = unchanged).
  const writable = Object.keys(assistantCreateSchema.shape).filter((k) => k !== "webhook_secret");
  return structuredClone(Object.fromEntries(writable.filter((k) => k in a).map((k) => [k, a[k as keyof Assistant]]))) as Draft;
}

export function getAt(obj: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);
}

export function setAt<T>(obj: T, path: string, value: unknown): T {
  const keys = path.split(".");
  const clone = structuredClone(obj) as Record<string, unknown>;
  let cursor: Record<string, unknown> = clone;
  keys.slice(0, -1).forEach((k, i) => {
    const next = cursor[k];
    const nextIsIndex = /^\d+$/.test(keys[i + 1]!);
    cursor[k] = next && typeof next === "object" ? next : nextIsIndex ? [] : {};
    cursor = cursor[k] as Record<string, unknown>;
  });
  const last = keys.at(-1)!;
  if (value === undefined) delete cursor[last];
  else cursor[last] = value;
  return clone as T;
}

export function errorsFromZod(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String);
    if (issue.code === "unrecognized_keys" && issue.keys[0]) path.push(issue.keys[0]);
    errors[path.join(".") || "form"] ??= issue.message;
  }
  return errors;
}

/** The system prompt lives in llm_config.messages as the first system message. */
export function systemPromptOf(draft: Draft): string {
  return draft.llm_config?.messages?.find((m) => m.role === "system")?.content ?? "";
}

export function withSystemPrompt(draft: Draft, content: string): Draft {
  const messages = (draft.llm_config?.messages ?? []).filter((m) => m.role !== "system");
  return setAt(draft, "llm_config.messages", content.trim() ? [{ role: "system", content }, ...messages] : messages);
}

export const fieldId = (path: string) => `f-${path.replaceAll(".", "-")}`;

/** {{variable}} placeholders in a prompt, in order of first appearance. */
export function promptVariables(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!))];
}
