import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buildOpenApiDocument } from "@/lib/openapi/document";
import type { JsonSchema, OpenApiDocument } from "@/lib/openapi/types";
import { fieldRows, groupByTag, resolveResponse, typeLabel } from "./schema-rows";

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

describe("resolveResponse", () => {
  it("resolves shared responses and passes inline ones through", () => {
    const shared = { RateLimited: { description: "Rate limit exceeded (see Retry-After)" } };
    expect(resolveResponse({ $ref: "#/components/responses/RateLimited" }, shared)).toBe(shared.RateLimited);
    expect(resolveResponse({ description: "Deleted" }, shared)).toEqual({ description: "Deleted" });
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
    // Path parameters declared once on the path item are listed with each of its operations.
    const get = groups.find((g) => g.tag === "Assistants")!.operations.find((o) => o.operation.operationId === "getAssistant")!;
    expect(get.operation.parameters?.map((p) => `${p.in} ${p.name}`)).toEqual(["path id"]);
  });
});
