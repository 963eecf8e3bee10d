import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument, operations } from "./document";

type Json = Record<string, unknown>;
const doc = buildOpenApiDocument();
// Room to grow: new resources add operations, but the document must stay small enough for generated clients.
const SIZE_LIMIT = 95_000;
const schemas = doc.components.schemas as Record<string, Json>;
const op = (path: string, method: string) => (doc.paths[path] as Record<string, Json>)[method] as { responses: Record<string, Json>; requestBody?: Json; parameters?: Json[]; security?: unknown[] };
const resolve = (value: Json, kind: "schemas" | "responses" | "parameters"): Json => {
  const ref = value.$ref as string | undefined;
  if (!ref) return value;
  const name = ref.replace(`#/components/${kind}/`, "");
  const target = (doc.components[kind] as Record<string, Json>)[name];
  expect(target, ref).toBeDefined();
  return target!;
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

  it("has unique operation ids, JSON Schema bodies by reference, and rate-limit headers", () => {
    const ids = operations.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const create = op("/assistants", "post");
    const body = flatten((create.requestBody!.content as Record<string, { schema: Json }>)["application/json"]!.schema) as { required?: string[]; properties: Json };
    expect(body.required).toEqual(["name"]);
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(["stt_config", "llm_config", "tts_config", "webhook_secret"]));
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(["201", "401", "422", "429"]));
    expect(op("/health", "get").security).toEqual([]);
    const ok = resolve(create.responses["201"]!, "responses") as { headers: Json };
    expect(Object.keys(ok.headers)).toEqual(["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"]);
    expect(Object.keys((resolve(create.responses["429"]!, "responses") as { headers: Json }).headers)).toContain("Retry-After");
    expect((resolve(create.responses["401"]!, "responses") as { headers?: Json }).headers).toBeUndefined();
    // The deprecated /agents paths share the assistants' shapes.
    expect(op("/agents", "post").requestBody).toEqual(create.requestBody);
    expect((op("/agents", "post") as { deprecated?: boolean }).deprecated).toBe(true);
  });

  it("lists only the statuses each operation can answer, less those every operation answers alike", () => {
    for (const definition of operations) {
      const statuses = Object.keys(op(definition.path, definition.method).responses);
      const has = (status: string) => statuses.includes(status);
      const authenticated = definition.auth !== "none";
      // X-Organization-Id's 400 and 404 are stated on the header, 500 in info.description: an operation lists a 400 or 404 of its own only.
      expect(has("400"), `${definition.operationId} 400`).toBe(Boolean(definition.body));
      expect(has("422"), `${definition.operationId} 422`).toBe(Boolean(definition.body || definition.query));
      expect(has("401"), `${definition.operationId} 401`).toBe(authenticated);
      expect(has("429"), `${definition.operationId} 429`).toBe(authenticated);
      expect(has("403"), `${definition.operationId} 403`).toBe(Boolean(definition.permission || definition.errors?.[403]));
      expect(has("404"), `${definition.operationId} 404`).toBe(Boolean(definition.params || definition.errors?.[404]));
      expect(has("409"), `${definition.operationId} 409`).toBe(Boolean(definition.errors?.[409]));
      expect(has("500"), `${definition.operationId} 500`).toBe(false);
      // Every listed status is one the definition implies or declares.
      const implied = ["400", "401", "403", "404", "422", "429", ...Object.keys(definition.responses), ...Object.keys(definition.errors ?? {})];
      expect(statuses.filter((s) => !implied.includes(s)), definition.operationId).toEqual([]);
    }
    expect(Object.keys(op("/voices", "get").responses).sort()).toEqual(["200", "401", "403", "422", "429"]);
    expect(Object.keys(op("/health", "get").responses).sort()).toEqual(["200", "503"]);
    expect(Object.keys(op("/tool-templates", "post").responses).sort()).toEqual(["201", "400", "401", "403", "409", "422", "429"]);
    // What every operation may answer besides is stated once, with the error format.
    expect(doc.info.description).toMatch(/## Errors/);
    expect(doc.info.description).toMatch(/500/);
    expect(doc.info.description).toContain("#/components/schemas/Error");
  });

  it("documents X-Organization-Id once, on every authenticated operation, with its 400 and 404", () => {
    const header = (doc.components as { parameters: Record<string, Json> }).parameters.OrganizationId!;
    expect(header).toMatchObject({ name: "X-Organization-Id", in: "header", schema: { type: "string", format: "uuid" } });
    expect(header.required).toBeUndefined();
    // Its errors are stated on the header itself, once.
    expect(header.description).toMatch(/400 when X-Organization-Id is not an organisation id/);
    expect(header.description).toMatch(/404 when it names no organisation the caller may act on/);
    expect(doc.info.description).toContain("X-Organization-Id");
    for (const definition of operations) {
      const item = doc.paths[definition.path] as { parameters?: Json[] };
      const parameters = [...(item.parameters ?? []), ...(op(definition.path, definition.method).parameters ?? [])];
      const refs = parameters.filter((p) => p.$ref === "#/components/parameters/OrganizationId");
      expect(refs.length, definition.operationId).toBe(definition.auth === "none" ? 0 : 1);
      if (definition.auth === "none") continue;
      // A 400 or 404 the operation lists for its own reasons names the header's case too.
      const responses = op(definition.path, definition.method).responses;
      for (const status of ["400", "404"].filter((s) => responses[s])) {
        const response = resolve(responses[status]!, "responses") as { description: string; headers?: Json };
        expect(response.description, `${definition.operationId} ${status}`).toContain("X-Organization-Id");
      }
      // The header is read after the caller is rate-limited: its errors carry the headers.
      if (responses["400"]) expect(Object.keys((resolve(responses["400"], "responses") as { headers: Json }).headers)).toContain("X-RateLimit-Remaining");
    }
    expect(Object.keys(op("/calls/{id}", "get").responses)).toContain("404");
    expect((resolve(op("/calls/{id}", "get").responses["404"]!, "responses") as { description: string }).description).toContain("X-Organization-Id");
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
