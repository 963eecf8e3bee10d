import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Operation } from "@/lib/api/operation";
import { operations } from "@/lib/api/operations";

// Every app/api/v1 route file only re-exports routes built from operation definitions, at the
// method and path the definition names; every definition is routed exactly once.

const apiRoot = path.resolve(import.meta.dirname, "../../../app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
// Route segment options Next.js reads from route files (not handlers).
const SEGMENT_CONFIG = new Set(["dynamic", "revalidate", "runtime", "fetchCache", "preferredRegion", "maxDuration"]);

// app/api/v1/[...path]: the answer for paths no operation has (tested below), not an operation.
const catchAll = path.join(apiRoot, "[...path]", "route.ts");

function routeFiles(dir = apiRoot): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? routeFiles(full) : entry.name === "route.ts" && full !== catchAll ? [full] : [];
  });
}

// app/api/v1/assistants/[id]/route.ts -> /assistants/{id}
const pathOf = (file: string) =>
  ("/" + path.relative(apiRoot, path.dirname(file)).split(path.sep).map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/")).replace(/\/$/, "");

describe("routes and operation definitions", () => {
  it("route files export only definition-backed routes, each at its definition's method and path", async () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThan(20);
    const fallbacks = new Set<unknown>(Object.values(await import("./method-fallbacks")));
    const routed: Operation[] = [];
    for (const file of files) {
      const module = (await import(file)) as Record<string, unknown>;
      const where = path.relative(apiRoot, file);
      // Every route file answers the methods it lacks with the JSON 405 (lib/api/routes/method-fallbacks.ts).
      expect(fs.readFileSync(file, "utf8"), `${where} must end with export * from "@/lib/api/routes/method-fallbacks"`).toContain('export * from "@/lib/api/routes/method-fallbacks";');
      for (const [name, value] of Object.entries(module)) {
        if (SEGMENT_CONFIG.has(name)) continue;
        if (fallbacks.has(value)) continue;
        expect(METHODS, `${where} exports ${name}`).toContain(name);
        const operation = (value as { operation?: Operation }).operation;
        expect(typeof value, `${where} ${name}`).toBe("function");
        expect(operation, `${where} ${name} is not built with route()`).toBeDefined();
        expect(`${operation!.method} ${operation!.path}`, where).toBe(`${name.toLowerCase()} ${pathOf(file)}`);
        expect(operations, `${where} ${name}: ${operation!.operationId} is not in lib/api/operations`).toContain(operation);
        routed.push(operation!);
      }
    }
    const unrouted = operations.filter((o) => !routed.includes(o)).map((o) => `${o.method} ${o.path} (${o.operationId})`);
    expect(unrouted).toEqual([]);
    expect(routed.length).toBe(operations.length);
  }, 30_000); // imports every route module: slow on a busy machine

  it("routes every method of a path no route file serves to the unmatched route", async () => {
    const module = (await import(catchAll)) as Record<string, unknown>;
    const { unmatchedRoute } = await import("./unmatched");
    expect(Object.keys(module).sort()).toEqual(["DELETE", "GET", "PATCH", "POST", "PUT"]);
    for (const handler of Object.values(module)) expect(handler).toBe(unmatchedRoute);
  });
});
