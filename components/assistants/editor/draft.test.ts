import { describe, expect, it } from "vitest";
import { errorsFromZod, getAt, promptVariables, setAt, systemPromptOf, toDraft, withSystemPrompt } from "./draft";
import { assistantCreateSchema } from "@/lib/schemas/assistant";

describe("assistant editor draft", () => {
  it("reads and writes nested paths without mutating the original", () => {
    const draft = toDraft();
    const next = setAt(draft, "llm_config.temperature", 1.1);
    expect(getAt(next, "llm_config.temperature")).toBe(1.1);
    expect(getAt(draft, "llm_config.temperature")).toBe(0.7);
    expect(getAt(setAt(draft, "stt_config.keyterms.0", "Acme"), "stt_config.keyterms")).toEqual(["Acme"]);
    expect(getAt(setAt(next, "llm_config.temperature", undefined), "llm_config")).not.toHaveProperty("temperature");
  });

  it("keeps the system prompt as the first system message", () => {
    const draft = withSystemPrompt(toDraft(), "You are {{business}} support for {{ caller_name }}.");
    expect(systemPromptOf(draft)).toBe("You are {{business}} support for {{ caller_name }}.");
    expect(draft.llm_config?.messages?.filter((m) => m.role === "system")).toHaveLength(1);
    expect(promptVariables(systemPromptOf(draft))).toEqual(["business", "caller_name"]);
  });

  it("turns schema errors into messages keyed by field path", () => {
    const bad = setAt(setAt(toDraft(), "name", ""), "tts_config.stability", 3);
    const result = assistantCreateSchema.safeParse(bad);
    expect(result.success).toBe(false);
    const errors = errorsFromZod(result.error!);
    expect(Object.keys(errors)).toEqual(expect.arrayContaining(["name", "tts_config.stability"]));
  });

  it("a new draft is a valid create request", () => {
    expect(assistantCreateSchema.safeParse({ ...toDraft(), name: "x" }).success).toBe(true);
  });
});
