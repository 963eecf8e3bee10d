import { operations } from "@/lib/api/operations";
import type { Operation, PathParam } from "@/lib/api/operation";

// Which /api/v1 path a request names and which methods it allows, from the operation
// definitions, resolved the way Next.js picks a route file: segment by segment, a literal
// segment before a {param}. A path whose params cannot exist (an id that is not a UUID, an
// unknown provider) names nothing, like a path no operation has: POST /calls/outbound is never
// read as /calls/{id} with id "outbound". Pure: the proxy (proxy.ts) and the catch-all route
// use it.

type Pattern = { segments: string[]; params: Record<string, PathParam>; methods: Set<string> };

/** Methods every request may use on a path that exists (answered by Next.js itself). */
const AUTOMATIC = ["OPTIONS"];
export const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

let patterns: Pattern[] | undefined;

function buildPatterns(list: readonly Operation[]): Pattern[] {
  const byPath = new Map<string, Pattern>();
  for (const operation of list) {
    const pattern = byPath.get(operation.path) ?? { segments: operation.path.split("/").filter(Boolean), params: {}, methods: new Set<string>() };
    pattern.methods.add(operation.method.toUpperCase());
    Object.assign(pattern.params, operation.params ?? {});
    byPath.set(operation.path, pattern);
  }
  const isParam = (segment: string | undefined) => segment !== undefined && segment.startsWith("{");
  // Most specific first: at the first segment where they differ in kind, the literal wins.
  return [...byPath.values()].sort((a, b) => {
    for (let i = 0; i < Math.max(a.segments.length, b.segments.length); i++) {
      const diff = Number(isParam(a.segments[i])) - Number(isParam(b.segments[i]));
      if (diff !== 0) return diff;
    }
    return 0;
  });
}

/** The path's allowed methods (Allow header order), or null when no operation has this path. */
export function allowedMethods(pathname: string, list: readonly Operation[] = operations): string[] | null {
  const all = list === operations ? (patterns ??= buildPatterns(list)) : buildPatterns(list);
  const parts = pathname.replace(/^\/api\/v1(?=\/|$)/, "").split("/").filter(Boolean);
  for (const pattern of all) {
    if (pattern.segments.length !== parts.length) continue;
    const matches = pattern.segments.every((segment, i) => (segment.startsWith("{") ? true : segment === parts[i]));
    if (!matches) continue;
    // A literal route of the same shape would have come first; this is the route Next.js picks.
    const possible = pattern.segments.every((segment, i) => {
      if (!segment.startsWith("{")) return true;
      const param = pattern.params[segment.slice(1, -1)];
      let value: string;
      try {
        value = decodeURIComponent(parts[i]!);
      } catch {
        return false;
      }
      return !param || param.schema.safeParse(value).success;
    });
    if (!possible) return null;
    const methods = [...pattern.methods];
    if (pattern.methods.has("GET")) methods.push("HEAD");
    return [...methods, ...AUTOMATIC].sort();
  }
  return null;
}
