import { describe, expect, it } from "vitest";
import { ttsConfigSchema } from "@/lib/schemas/assistant";
import { ttsVoices } from "@/lib/schemas/provider-catalogue";
import { voiceSchema } from "@/lib/schemas/voice";
import { findVoices, VOICES } from "./catalogue";

describe("voice catalogue", () => {
  it("is valid, with unique ids per provider", () => {
    for (const voice of VOICES) voiceSchema.parse(voice);
    const ids = VOICES.map((v) => `${v.provider}:${v.id}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("starts ElevenLabs with the assistant's default voice", () => {
    expect(findVoices({ provider: "elevenlabs" })[0]?.id).toBe(ttsConfigSchema.parse({}).voice_id);
  });

  it("is the source of the portal's voice pickers", () => {
    expect(ttsVoices.openai?.map((v) => v.id)).toEqual(findVoices({ provider: "openai" }).map((v) => v.id));
    expect(ttsVoices.elevenlabs?.[0]).toEqual({ id: "21m00Tcm4TlvDq8ikWAM", name: "Rachel" });
    expect(Object.keys(ttsVoices).sort()).toEqual(["elevenlabs", "inworld", "openai"]);
  });

  it("filters by provider and language together", () => {
    expect(findVoices({ provider: "inworld", language: "nl" }).map((v) => v.name).sort()).toEqual(["Erik", "Katrien", "Lennart", "Lore"]);
    expect(findVoices({ language: "de" }).every((v) => v.language === "de")).toBe(true);
    expect(findVoices()).toHaveLength(VOICES.length);
  });
});

describe("voice descriptions", () => {
  it("come as HMS's { en, nl } with the English text as description_text, translated for every ElevenLabs voice", () => {
    const rachel = findVoices({ provider: "elevenlabs" })[0]!;
    expect(rachel.description).toEqual({ en: "calm", nl: "kalm" });
    expect(rachel.description_text).toBe("calm");
    for (const voice of VOICES.filter((v) => v.description)) {
      expect(voice.description!.nl, voice.name).not.toBe("");
      expect(voice.description!.en).toBe(voice.description_text);
      if (voice.description!.en !== "warm") expect(voice.description!.nl, `${voice.name}: Dutch missing`).not.toBe(voice.description!.en);
    }
    expect(findVoices({ provider: "openai" }).every((v) => v.description === undefined)).toBe(true);
  });
});
