// {{variable}} substitution in the system prompt, the first message and other spoken
// texts. Values come from built-ins (call id, numbers, UTC date/time) and the call's
// metadata (custom variables passed at call creation, a campaign lead's fields).
// An unknown variable becomes an empty string (documented in docs/api-decisions.md), so a
// missing value never reaches the caller as "{{first_name}}".
import type { CallConfig } from "../lib/contract/call-config";

export type Variables = Record<string, unknown>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g;

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** The built-in variables of a call at `now` (dates and times in UTC, ISO 8601). */
export function builtInVariables(call: Pick<CallConfig["call"], "id" | "type" | "caller_phone" | "assistant_phone">, now: Date = new Date()): Variables {
  const iso = now.toISOString();
  const caller = call.caller_phone ?? "";
  return {
    call_id: call.id,
    call_type: call.type,
    caller_number: caller,
    customer: { number: caller },
    // The remote party of a phone call (HMS prompts use {{phone_number}} for it).
    phone_number: caller,
    assistant_number: call.assistant_phone ?? "",
    current_date: iso.slice(0, 10),
    current_time: `${iso.slice(11, 19)}Z`,
    current_datetime: iso,
  };
}

/**
 * All variables of a call. Lookup order for a name: built-ins, then `metadata.variables`
 * (lead variables), then the metadata itself; built-ins cannot be overridden.
 */
export function callVariables(call: CallConfig["call"], now: Date = new Date()): Variables {
  const metadata = call.metadata ?? {};
  const nested = isPlainObject(metadata.variables) ? metadata.variables : {};
  return { ...metadata, ...nested, ...builtInVariables(call, now) };
}

function lookup(variables: Variables, path: string): unknown {
  if (path in variables) return variables[path];
  let value: unknown = variables;
  for (const part of path.split(".")) {
    if (!isPlainObject(value) || !(part in value)) return undefined;
    value = value[part];
  }
  return value;
}

function format(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value);
}

/** Replaces every {{name}} (dotted paths allowed, spaces inside the braces ignored). */
export function substituteVariables(text: string, variables: Variables): string {
  return text.replace(PLACEHOLDER, (_match, name: string) => format(lookup(variables, name)));
}
