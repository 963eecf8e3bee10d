import { describe, expect, it } from "vitest";
import { z } from "zod";
import { normaliseTool, parseToolConfig, toolSchema, toolsSchema, toolTemplateCreateSchema, toolTypeSchema } from "./tools";

const paramOf = (result: { error?: z.ZodError }) => result.error?.issues[0]?.path.join(".");

describe("tool schemas", () => {
  it("normalises the legacy and camelCase spellings to the canonical form", () => {
    const tools = toolsSchema.parse([
      { type: "endCall" },
      { type: "transferCall", destinations: [{ number: "+31850835037", description: "Sales" }] },
      { name: "check_availability", description: "Look up slots", parameters: { type: "object", properties: { day: { type: "string" } } }, url: "https://example.com/tools", async: true, async_response: "One moment" },
      { type: "function", function: { name: "lookup" }, server: { url: "http://127.0.0.1:9/hook", secret: "s3cret" } },
    ]);
    expect(tools).toEqual([
      { type: "end_call" },
      { type: "transfer_call", destinations: [{ type: "number", number: "+31850835037", description: "Sales" }] },
      {
        type: "function",
        function: { name: "check_availability", description: "Look up slots", parameters: { type: "object", properties: { day: { type: "string" } } } },
        server: { url: "https://example.com/tools" },
        async: true,
        message: "One moment",
      },
      { type: "function", function: { name: "lookup", description: "", parameters: { type: "object", properties: {} } }, server: { url: "http://127.0.0.1:9/hook", secret: "s3cret" }, async: false },
    ]);
  });

  it("ignores empty objects (the published example sends tools: [{}])", () => {
    expect(toolsSchema.parse([{}])).toEqual([]);
    expect(toolsSchema.parse([{}, { type: "end_call" }])).toEqual([{ type: "end_call" }]);
  });

  it("names the offending field", () => {
    const cases: [unknown, string][] = [
      [[{ type: "mcp" }], "0.type"],
      [[{}, { type: "bogus" }], "1.type"],
      [[{ foo: 1 }], "0.type"],
      [[{ type: "function", function: { name: "1bad" } }], "0.function.name"],
      [[{ type: "function", function: { name: "x".repeat(65) } }], "0.function.name"],
      [[{ type: "function", function: { name: "ok", parameters: { type: "string" } } }], "0.function.parameters"],
      [[{ type: "function", function: { name: "ok", parameters: { type: "object", properties: { a: { type: "nope" } } } } }], "0.function.parameters"],
      [[{ type: "function", function: { name: "ok" }, server: { url: "ftp://example.com" } }], "0.server.url"],
      [[{ type: "transfer_call", destinations: [] }], "0.destinations"],
      [[{ type: "transfer_call", destinations: [{ number: "0612345678" }] }], "0.destinations.0.number"],
      [[{ type: "function", function: { name: "a" } }, { name: "a" }], "1.function.name"],
    ];
    for (const [input, param] of cases) expect(paramOf(toolsSchema.safeParse(input)), JSON.stringify(input)).toBe(param);
  });

  it("validates template configs per tool type, accepting both spellings of the type", () => {
    expect(toolTypeSchema.parse("transferCall")).toBe("transfer_call");
    expect(toolTypeSchema.safeParse("mcp").success).toBe(false);
    expect(parseToolConfig("end_call", {})).toEqual({ success: true, data: {} });
    const flat = parseToolConfig("function", { name: "book", parameters: { type: "object" }, url: "https://example.com/book" });
    expect(flat.data).toEqual({ function: { name: "book", description: "", parameters: { type: "object" } }, server: { url: "https://example.com/book" }, async: false });
    const bad = toolTemplateCreateSchema.safeParse({ name: "T", tool_type: "function", tool_config: { name: "has space" } });
    expect(paramOf(bad)).toBe("tool_config.function.name");
    expect(paramOf(toolTemplateCreateSchema.safeParse({ name: "T", tool_type: "transferCall", tool_config: {} }))).toBe("tool_config.destinations");
    expect(toolTemplateCreateSchema.safeParse({ name: "T", tool_type: "endCall" }).success).toBe(true);
  });

  it("documents the canonical shapes in JSON Schema for input and output", () => {
    const input = z.toJSONSchema(z.object({ tools: toolsSchema }), { io: "input", unrepresentable: "any" }) as unknown as { properties: { tools: { items: { anyOf: unknown[] } } } };
    expect(JSON.stringify(input.properties.tools)).toContain("transfer_call");
    const output = z.toJSONSchema(z.object({ tools: toolsSchema }), { io: "output", unrepresentable: "any" }) as unknown as { properties: { tools: { items: { oneOf: unknown[] } } } };
    // function, end_call, transfer_call, send_dtmf
    expect(output.properties.tools.items.oneOf).toHaveLength(4);
    expect(JSON.stringify(output.properties.tools)).toContain("send_dtmf");
    expect(toolSchema.safeParse({ type: "end_call" }).success).toBe(true);
    expect(toolSchema.parse(normaliseTool({ type: "sendDtmf" }))).toEqual({ type: "send_dtmf" });
  });
});
