import { describe, expect, it } from "vitest";
import { jsonSchemaError, jsonSchemaField } from "./json-schema";

describe("JSON Schema validation", () => {
  it("accepts valid draft 2020-12 and draft-07 schemas", () => {
    expect(jsonSchemaError({ type: "object", properties: { a: { type: "string", enum: ["x"] } }, required: ["a"] })).toBeNull();
    expect(jsonSchemaError({ $schema: "http://json-schema.org/draft-07/schema#", type: "object", items: [{ type: "string" }] })).toBeNull();
    expect(jsonSchemaError({})).toBeNull();
  });

  it("explains what is wrong in ajv's words", () => {
    expect(jsonSchemaError({ type: "object", properties: { a: { type: "strin" } } })).toMatch(/^schema\/properties\/a\/type must be equal to one of the allowed values$/);
    expect(jsonSchemaError({ type: "object", required: "a" })).toBe("schema/required must be array");
    expect(jsonSchemaError({ properties: { a: { $ref: "#/nope" } } })).toMatch(/can't resolve reference #\/nope/);
    expect(jsonSchemaError({ $schema: "https://example.com/dialect" })).toMatch(/no schema with key or ref/);
    expect(jsonSchemaError([1])).toBe("must be a JSON Schema object");
  });

  it("can require an object schema, and the same $id twice is fine", () => {
    expect(jsonSchemaError({ type: "string" }, { requireObjectType: true })).toMatch(/type: "object"/);
    const withId = { $id: "https://example.com/s", type: "object", properties: { n: { type: "number" } } };
    expect(jsonSchemaError(withId)).toBeNull();
    expect(jsonSchemaError({ ...withId, properties: { m: { type: "number" } } })).toBeNull();
  });

  it("works as a zod field", () => {
    const issue = jsonSchemaField().safeParse({ type: 5 }).error?.issues[0];
    expect(issue?.code).toBe("custom");
    expect(issue?.message).toMatch(/^schema\/type /);
  });
});
