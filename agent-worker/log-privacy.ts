// The agents framework logs transcripts, user input and room names under `lk.pii.*` keys
// (meant for LiveKit Cloud's redaction). We keep no personal data in logs: the process-wide
// framework logger is wrapped so those fields are dropped before pino sees them. Installed in
// every job process (prewarm/entry) and in the worker's main process; idempotent.
import type { Logger } from "pino";

const LOGGER_KEY = Symbol.for("@livekit/agents:logger");
const WRAPPED = Symbol.for("switchboard:pii-filtered");
const PII_PREFIX = "lk.pii.";
const LEVELS = new Set(["trace", "debug", "info", "warn", "error", "fatal"]);

function stripPii(value: unknown): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value) || value instanceof Error) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    if (!key.startsWith(PII_PREFIX)) continue;
    copy ??= { ...(value as Record<string, unknown>) };
    delete copy[key];
  }
  return copy ?? value;
}

/** A logger that forwards everything except `lk.pii.*` fields (in log calls and child bindings). */
export function withoutPii<T extends Logger>(logger: T): T {
  if ((logger as unknown as Record<symbol, unknown>)[WRAPPED]) return logger;
  return new Proxy(logger, {
    get(target, prop, receiver) {
      if (prop === WRAPPED) return true;
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop !== "string" || typeof value !== "function") return value;
      if (LEVELS.has(prop)) {
        return (first: unknown, ...rest: unknown[]) => (value as (...a: unknown[]) => unknown).call(target, stripPii(first), ...rest);
      }
      if (prop === "child") {
        return (bindings: unknown, ...rest: unknown[]) =>
          withoutPii((value as (...a: unknown[]) => Logger).call(target, stripPii(bindings), ...rest));
      }
      return value.bind(target);
    },
  });
}

/** Wraps the framework's process-wide logger once it exists. */
export function installPiiFilter(): void {
  const globals = globalThis as unknown as Record<symbol, Logger | undefined>;
  const current = globals[LOGGER_KEY];
  if (current) globals[LOGGER_KEY] = withoutPii(current);
}
