import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buildOpenApiDocument } from "@/lib/openapi/document";
import type { JsonSchema, OpenApiDocument } from "@/lib/openapi/types";
import { fieldRows, groupByTag, resolveRef, resolveResponse, typeLabel } from "./schema-rows";

const toJson = (schema: z.ZodType) => z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as JsonSchema;

describe("fieldRows", () => {
  it("flattens nested objects and arrays of objects into dotted rows with types, required and notes", () => {
    const schema = toJson(
      z.object({
        name: z.string().min(1).max(200).describe("Display name"),
        email: z.string().email().nullable().optional(),
        config: z.object({
          language: z.enum(["en", "nl"]).default("en"),
          messages: z.array(z.object({ role: z.enum(["system", "user"]), content: z.string() })).max(50),
        }).nullable(),
        limit: z.number().int().min(1).max(1000).default(100),
      }),
    );
    expect(fieldRows(schema)).toEqual([
      { name: "name", label: "name", depth: 0, type: "string", required: true, nullable: false, description: "Display name", notes: ["not empty", "at most 200 characters"] },
      { name: "email", label: "email", depth: 0, type: "string (email)", required: false, nullable: true, description: undefined, notes: [] },
      { name: "config", label: "config", depth: 0, type: "object", required: true, nullable: true, description: undefined, notes: [] },
      { name: "config.language", label: "language", depth: 1, type: "string", required: false, nullable: false, description: undefined, notes: ["one of: en, nl", 'default: "en"'] },
      { name: "config.messages", label: "messages", depth: 1, type: "array of object", required: true, nullable: false, description: undefined, notes: ["at most 50 items"] },
      { name: "config.messages[].role", label: "role", depth: 2, type: "string", required: true, nullable: false, description: undefined, notes: ["one of: system, user"] },
      { name: "config.messages[].content", label: "content", depth: 2, type: "string", required: true, nullable: false, description: undefined, notes: [] },
      { name: "limit", label: "limit", depth: 0, type: "integer", required: false, nullable: false, description: undefined, notes: ["default: 100", "≥ 1", "≤ 1000"] },
    ]);
  });

  it("labels unions, literals and references", () => {
    expect(typeLabel(toJson(z.union([z.string(), z.number()])))).toBe("string | number");
    expect(typeLabel(toJson(z.literal(true)))).toBe("true");
    expect(typeLabel({ $ref: "#/components/schemas/Error" }, { Error: { type: "object" } })).toBe("object");
  });
});

describe("resolveRef", () => {
  it("keeps the keywords beside a $ref and folds allOf bases in, the schema's own properties first", () => {
    const schemas: Record<string, JsonSchema> = {
      Language: { type: "string", enum: ["en", "nl"] },
      BaseInput: { type: "object", properties: { lang: { $ref: "#/components/schemas/Language", default: "en" }, size: { type: "integer", description: "How big" } } },
      Base: { allOf: [{ $ref: "#/components/schemas/BaseInput" }], properties: { size: { type: "integer", minimum: 1 } }, required: ["lang", "size"] },
    };
    expect(resolveRef({ $ref: "#/components/schemas/Language", default: "en" }, schemas)).toEqual({ type: "string", enum: ["en", "nl"], default: "en" });
    expect(fieldRows({ $ref: "#/components/schemas/Base" }, schemas)).toEqual([
      { name: "lang", label: "lang", depth: 0, type: "string", required: true, nullable: false, description: undefined, notes: ["one of: en, nl", 'default: "en"'] },
      { name: "size", label: "size", depth: 0, type: "integer", required: true, nullable: false, description: "How big", notes: ["≥ 1"] },
    ]);
  });
});

describe("resolveResponse", () => {
  it("resolves shared responses, through further references, with a description beside the $ref overriding", () => {
    const shared = {
      Error: { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
      E409: { $ref: "#/components/responses/Error", description: "The name is taken" },
      E429: { description: "Rate limit exceeded (see Retry-After)" },
    };
    expect(resolveResponse({ $ref: "#/components/responses/E429" }, shared)).toBe(shared.E429);
    expect(resolveResponse({ description: "Deleted" }, shared)).toEqual({ description: "Deleted" });
    expect(resolveResponse({ $ref: "#/components/responses/E409" }, shared)).toEqual({ ...shared.Error, description: "The name is taken" });
    expect(resolveResponse({ $ref: "#/components/responses/Error", description: "Used by an assistant" }, shared)).toEqual({ ...shared.Error, description: "Used by an assistant" });
  });
});

describe("groupByTag on the real document", () => {
  it("groups every operation under its tag, in document order", () => {
    const doc = buildOpenApiDocument() as unknown as OpenApiDocument;
    const groups = groupByTag(doc);
    expect(groups.map((g) => g.tag)).toEqual(expect.arrayContaining(["System", "Assistants", "Calls", "API keys"]));
    const keys = groups.find((g) => g.tag === "API keys")!.operations.map((o) => `${o.method} ${o.path}`);
    expect(keys).toEqual(["get /api-keys", "post /api-keys", "delete /api-keys/{id}"]);
    const create = groups.find((g) => g.tag === "Assistants")!.operations.find((o) => o.operation.operationId === "createAssistant")!;
    // The body is a reference to the AgentCreate component, resolved through the document's schemas.
    const body = create.operation.requestBody!.content!["application/json"]!.schema!;
    expect(body.$ref).toBe("#/components/schemas/AgentCreate");
    const rows = fieldRows(body, doc.components!.schemas);
    expect(rows.find((r) => r.name === "name")).toMatchObject({ required: true, type: "string", description: "Display name" });
    expect(rows.find((r) => r.name === "llm_config.temperature")).toMatchObject({ required: false, type: "number" });
    // AgentCreate is AgentUpdate with name required: the rows fold the base in.
    expect(doc.components!.schemas!.AgentCreate!.allOf).toBeDefined();
    expect(rows.find((r) => r.name === "stt_config.language")).toMatchObject({ required: false, notes: expect.arrayContaining(['default: "en"', expect.stringContaining("one of: multi, nl, en")]) });
    // Parameters declared once on the path item, or shared under components, are listed with each of its operations.
    const get = groups.find((g) => g.tag === "Assistants")!.operations.find((o) => o.operation.operationId === "getAssistant")!;
    expect(get.operation.parameters.map((p) => `${p.in} ${p.name}`)).toEqual(["path id", "header X-Organization-Id"]);
    const list = groups.find((g) => g.tag === "Calls")!.operations.find((o) => o.operation.operationId === "listCalls")!;
    expect(list.operation.parameters.map((p) => `${p.in} ${p.name}`)).toEqual(expect.arrayContaining(["header X-Organization-Id", "query limit", "query offset", "query status"]));
    expect(groups.find((g) => g.tag === "System")!.operations.find((o) => o.operation.operationId === "getHealth")!.operation.parameters).toEqual([]);
  });
});
