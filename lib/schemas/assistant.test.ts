import { describe, expect, it } from "vitest";
import { assistantCreateSchema, defaultLlmConfig, llmConfigSchema, sttConfigSchema, ttsConfigSchema } from "./assistant";

describe("assistant schemas", () => {
  it("accepts a create request with only a name", () => {
    expect(assistantCreateSchema.parse({ name: "Support" })).toEqual({ name: "Support" });
  });

  it("rejects an empty name and unknown fields", () => {
    expect(assistantCreateSchema.safeParse({ name: "  " }).success).toBe(false);
    const unknown = assistantCreateSchema.safeParse({ name: "x", colour: "blue" });
    expect(unknown.success).toBe(false);
    expect(unknown.error?.issues[0]?.code).toBe("unrecognized_keys");
  });

  it("applies provider defaults to partial configs", () => {
    expect(sttConfigSchema.parse({})).toEqual({ provider: "deepgram", model: "nova-3-general", language: "en", keyterms: [] });
    expect(ttsConfigSchema.parse({ provider: "openai", voice_id: "alloy" })).toMatchObject({ provider: "openai", voice_id: "alloy" });
    expect(defaultLlmConfig().messages[0]?.role).toBe("system");
  });

  it("enforces ranges and known values", () => {
    expect(llmConfigSchema.safeParse({ temperature: 2.5 }).error?.issues[0]?.path).toEqual(["temperature"]);
    expect(ttsConfigSchema.safeParse({ stability: 1.5 }).error?.issues[0]?.path).toEqual(["stability"]);
    expect(sttConfigSchema.safeParse({ language: "xx" }).success).toBe(false);
    expect(sttConfigSchema.safeParse({ provider: "acme" }).success).toBe(false);
  });

  it("requires a base URL for openai-compatible servers", () => {
    const missing = llmConfigSchema.safeParse({ provider: "openai-compatible", model: "llama" });
    expect(missing.error?.issues[0]?.path).toEqual(["base_url"]);
    expect(llmConfigSchema.safeParse({ provider: "openai-compatible", model: "llama", base_url: "http://127.0.0.1:11434/v1" }).success).toBe(true);
    expect(llmConfigSchema.safeParse({ base_url: "ftp://x" }).success).toBe(false);
  });
});
