import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument, operations } from "./document";
import { operationResponses, resolveParameter } from "./resolve";
import type { OpenApiDocument, OpenApiOperation } from "./types";

type Json = Record<string, unknown>;
const doc = buildOpenApiDocument();
// Room to grow: new resources add operations, but the document must stay small enough for generated clients.
// Raised from 80 000 with the whitelabel operations (branding, portal domains, client sign-ups).
const SIZE_LIMIT = 90_000;
const schemas = doc.components.schemas as Record<string, Json>;
const op = (path: string, method: string) => (doc.paths[path] as Record<string, Json>)[method] as { responses: Record<string, Json>; requestBody?: Json; parameters?: Json[]; security?: unknown[] };
const resolve = (value: Json, kind: "schemas" | "responses" | "parameters" | "headers"): Json => {
  const ref = value.$ref as string | undefined;
  if (!ref) return value;
  const name = ref.replace(`#/components/${kind}/`, "");
  const target = (doc.components[kind] as Record<string, Json>)[name];
  expect(target, ref).toBeDefined();
  return target!;
};
const typed = doc as unknown as OpenApiDocument;
/** Every status the operation answers (those it lists and the common ones of its kinds), with its description. */
const answered = (path: string, method: string) => {
  const item = typed.paths[path]!;
  const operation = item[method as "get"] as OpenApiOperation;
  const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) => resolveParameter(p, typed.components?.parameters));
  return Object.fromEntries(operationResponses(typed, operation, parameters).map((r) => [r.status, r]));
};
/** A schema with its allOf bases folded in: what it accepts, as one object schema. */
const flatten = (value: Json): Json => {
  const json = resolve(value, "schemas");
  const { allOf, ...own } = json as { allOf?: Json[] } & Json;
  return (allOf ?? []).map(flatten).reduce<Json>(
    (acc, base) => ({ ...base, ...acc, properties: { ...(base.properties as Json), ...(acc.properties as Json) }, required: [...new Set([...((base.required as string[]) ?? []), ...((acc.required as string[]) ?? [])])] }),
    own,
  );
};

describe("OpenAPI document", () => {
  it("validates as OpenAPI 3.1", async () => {
    const result = await new Validator().validate(structuredClone(doc) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe("3.1.0");
  });

  it("is well under 100 KB, with the HMS schema names as components", () => {
    expect(JSON.stringify(doc).length).toBeLessThan(SIZE_LIMIT);
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(["Agent", "AgentCreate", "AgentUpdate", "Error", "Pagination", "ToolTemplate", "AnalysisTemplate", "Call", "UsageLog", "Voice", "Organization", "STTConfig", "LLMConfig", "TTSConfig", "CallControlCommand", "SuccessResponse"]),
    );
    // Every reference resolves.
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of new Set(refs)) {
      const [, kind, name] = /#\/components\/(\w+)\/([^"]+)/.exec(ref)!;
      expect((doc.components as Record<string, Record<string, unknown>>)[kind!]?.[name!], ref).toBeDefined();
    }
  });

  it("has unique operation ids, JSON Schema bodies by reference, and rate-limit headers stated once", () => {
    const ids = operations.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const create = op("/assistants", "post");
    const body = flatten((create.requestBody!.content as Record<string, { schema: Json }>)["application/json"]!.schema) as { required?: string[]; properties: Json };
    expect(body.required).toEqual(["name"]);
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(["stt_config", "llm_config", "tts_config", "webhook_secret"]));
    expect(Object.keys(answered("/assistants", "post"))).toEqual(expect.arrayContaining(["201", "401", "422", "429"]));
    expect(op("/health", "get").security).toEqual([]);
    // Every authenticated response (but a 401) carries the rate-limit headers: stated once, not on each response.
    const headers = (doc as { "x-common-headers": { authenticated: Record<string, Json> } })["x-common-headers"].authenticated;
    expect(Object.keys(headers)).toEqual(["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"]);
    for (const header of Object.values(headers)) expect(resolve(header, "headers")).toMatchObject({ schema: { type: "integer" } });
    expect(JSON.stringify(doc.paths)).not.toContain("X-RateLimit");
    expect(doc.info.description).toMatch(/but a 401 carries X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset/);
    expect(Object.keys(answered("/assistants", "post")["429"]!.response.headers!)).toEqual(["Retry-After"]);
    expect(answered("/assistants", "post")["401"]!.response.headers).toBeUndefined();
    // The deprecated /agents paths share the assistants' shapes.
    expect(op("/agents", "post").requestBody).toEqual(create.requestBody);
    expect((op("/agents", "post") as { deprecated?: boolean }).deprecated).toBe(true);
  });

  it("lists only the statuses each operation can answer, those every operation of its kind answers once", () => {
    for (const definition of operations) {
      const listed = Object.keys(op(definition.path, definition.method).responses);
      const statuses = Object.keys(answered(definition.path, definition.method));
      const has = (status: string) => statuses.includes(status);
      const authenticated = definition.auth !== "none";
      // Every authenticated operation takes X-Organization-Id: 400 when malformed, 404 when it names no organisation the caller may act on.
      expect(has("400"), `${definition.operationId} 400`).toBe(Boolean(definition.body) || authenticated);
      expect(has("422"), `${definition.operationId} 422`).toBe(Boolean(definition.body || definition.query));
      expect(has("401"), `${definition.operationId} 401`).toBe(authenticated);
      expect(has("429"), `${definition.operationId} 429`).toBe(authenticated);
      expect(has("403"), `${definition.operationId} 403`).toBe(Boolean(definition.permission || definition.errors?.[403]));
      expect(has("404"), `${definition.operationId} 404`).toBe(Boolean(definition.params || definition.errors?.[404]) || authenticated);
      expect(has("409"), `${definition.operationId} 409`).toBe(Boolean(definition.errors?.[409]));
      expect(has("500"), `${definition.operationId} 500`).toBe(true);
      // An operation itself lists its successes and the errors particular to it (for a public one, also those its shape implies).
      const own = [...Object.keys(definition.responses), ...Object.keys(definition.errors ?? {}), ...(authenticated ? [] : [...(definition.body ? ["400", "422"] : []), ...(definition.params ? ["404"] : [])])];
      expect(listed.sort(), definition.operationId).toEqual([...new Set(own)].sort());
    }
    expect(Object.keys(answered("/voices", "get")).sort()).toEqual(["200", "400", "401", "403", "404", "422", "429", "500"]);
    expect(Object.keys(answered("/health", "get")).sort()).toEqual(["200", "500", "503"]);
    expect(Object.keys(answered("/tool-templates", "post")).sort()).toEqual(["201", "400", "401", "403", "404", "409", "422", "429", "500"]);
    // A signed link's parameters are not the operation's query: no 422.
    expect(Object.keys(answered("/calls/{id}/recording", "get"))).not.toContain("422");
    expect(Object.keys(op("/voices", "get").responses)).toEqual(["200"]);
    // What every operation of a kind answers is stated once, with the error format.
    expect(doc.info.description).toMatch(/## Errors/);
    expect(doc.info.description).toContain("#/components/schemas/Error");
    expect(doc.info.description).toContain("x-common-responses");
    expect(answered("/voices", "get")["403"]!.response.description).toMatch(/lacks the permission named in x-permission/);
  });

  it("documents X-Organization-Id once, on every authenticated operation, with its 400 and 404", () => {
    const header = (doc.components as { parameters: Record<string, Json> }).parameters.OrganizationId!;
    expect(header).toMatchObject({ name: "X-Organization-Id", in: "header", schema: { type: "string", format: "uuid" } });
    expect(header.required).toBeUndefined();
    expect(header.description).toMatch(/400 when it is not a UUID, 404 when it names no organisation the caller may act on/);
    for (const definition of operations) {
      const item = doc.paths[definition.path] as { parameters?: Json[] };
      const parameters = [...(item.parameters ?? []), ...(op(definition.path, definition.method).parameters ?? [])];
      const refs = parameters.filter((p) => p.$ref === "#/components/parameters/OrganizationId");
      expect(refs.length, definition.operationId).toBe(definition.auth === "none" ? 0 : 1);
      if (definition.auth === "none") continue;
      const responses = answered(definition.path, definition.method);
      for (const status of ["400", "404"]) {
        expect(responses[status]!.response.description, `${definition.operationId} ${status}`).toContain("X-Organization-Id");
      }
    }
    // The header is read after the caller is rate-limited: its errors carry the headers (every authenticated response but a 401).
    expect(doc.info.description).toMatch(/Every authenticated response but a 401 carries/);
    // Where the operation declares its own 404, the header's case is added to it.
    expect((op("/calls/web", "post").responses["404"] as { description: string }).description).toMatch(/^No assistant with this id in the organisation; or X-Organization-Id/);
  });

  it("states a schema that another nearly covers as allOf that one, accepting the same", () => {
    // AgentCreate is AgentUpdate with name required; the response form of a tool is its request form with the defaulted fields required.
    expect(schemas.AgentCreate).toEqual({ allOf: [{ $ref: "#/components/schemas/AgentUpdate" }], required: ["name"] });
    expect(flatten(schemas.AgentCreate!).required).toEqual(["name"]);
    expect(Object.keys(flatten(schemas.AgentCreate!).properties as Json)).toEqual(Object.keys(schemas.AgentUpdate!.properties as Json));
    const config = flatten(schemas.STTConfig!) as { properties: Record<string, Json>; required: string[] };
    expect(config.required).toEqual(expect.arrayContaining(["provider", "model", "language", "keyterms"]));
    expect(Object.keys(config.properties)).toEqual(expect.arrayContaining(["provider", "model", "language", "keyterms", "endpointing", "base_url", "fallbacks"]));
    // The language enum is stated once.
    expect(JSON.stringify(doc).match(/"enum":\["multi","nl"/g)).toHaveLength(1);
    expect(JSON.stringify(doc)).toContain('"language":{"default":"en","$ref":"#/components/schemas/Language"}');
  });

  it("emits a request form of a schema whose response form differs, and keeps responses open", () => {
    // A function tool's description has a default: optional when sent, always present when answered.
    const tool = schemas.FunctionTool as { required: string[]; additionalProperties?: unknown };
    expect(tool.required).toEqual(expect.arrayContaining(["type", "function", "async"]));
    const toolInput = schemas.FunctionToolInput as { required: string[] };
    expect(toolInput.required).not.toContain("async");
    expect(tool.additionalProperties).toBeUndefined();
    expect(flatten(schemas.FunctionTool!).additionalProperties).toBeUndefined();
    expect(flatten(schemas.AgentCreate!).additionalProperties).toBe(false);
  });
});
