import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument, operations } from "./document";

const apiRoot = path.resolve(import.meta.dirname, "../../app/api/v1");
const METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"] as const;

// Every exported method of every app/api/v1 route file, as "get /assistants/{id}".
function routeOperations(): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name === "route.ts") {
        const source = fs.readFileSync(full, "utf8");
        const route = "/" + path.relative(apiRoot, dir).split(path.sep).map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/");
        for (const m of METHODS) if (new RegExp(`\\bas ${m}\\b|export (async )?function ${m}\\b|export const ${m}\\b`).test(source)) found.push(`${m.toLowerCase()} ${route.replace(/\/$/, "")}`);
      }
    }
  };
  visit(apiRoot);
  return found.sort();
}

describe("OpenAPI document", () => {
  it("has an operation for every route and no operation without a route", () => {
    const routes = routeOperations();
    const documented = operations.map((o) => `${o.method} ${o.path}`).sort();
    expect(routes.length).toBeGreaterThan(5);
    expect(routes.filter((r) => !documented.includes(r))).toEqual([]);
    expect(documented.filter((d) => !routes.includes(d))).toEqual([]);
  });

  it("is OpenAPI 3.1 with unique operation ids, error responses and JSON Schema bodies", () => {
    const doc = buildOpenApiDocument();
    expect(doc.openapi).toBe("3.1.0");
    const ids = operations.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const create = doc.paths["/assistants"]!.post as { requestBody: { content: Record<string, { schema: { required?: string[]; properties: Record<string, unknown> } }> }; responses: Record<string, unknown> };
    const body = create.requestBody.content["application/json"]!.schema;
    expect(body.required).toEqual(["name"]);
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(["stt_config", "llm_config", "tts_config", "webhook_secret"]));
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(["201", "401", "422", "429"]));
    expect((doc.paths["/health"]!.get as { security: unknown[] }).security).toEqual([]);
    const ok = create.responses["201"] as { headers: Record<string, unknown> };
    expect(Object.keys(ok.headers)).toEqual(["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"]);
    expect(Object.keys((create.responses["429"] as { headers: Record<string, unknown> }).headers)).toContain("Retry-After");
  });
});
