import type { z } from "zod";
import type { Assistant, AssistantCreateInput } from "@/lib/schemas/assistant";
import { assistantCreateSchema, DEFAULT_SYSTEM_PROMPT } from "@/lib/schemas/assistant";

// The editor's state is the API's create body itself; fields read and write it by dotted path.
export type Draft = AssistantCreateInput & { [key: string]: unknown };
export type FieldErrors = Record<string, string>;

export function toDraft(a?: Assistant): Draft {
  if (!a) {
    return {
      name: "",
      first_message: "Hello! How can I help you today?",
      is_active: true,
      max_duration_seconds: 600,
      stt_config: { provider: "deepgram", model: "nova-3-general", language: "en", keyterms: [] },
      llm_config: { provider: "openai", model: "gpt-4o-mini", temperature: 0.7, messages: [{ role: "system", content: DEFAULT_SYSTEM_PROMPT }], tools: [] },
      tts_config: { provider: "elevenlabs", model: "eleven_flash_v2_5", voice_id: "21m00Tcm4TlvDq8ikWAM" },
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
