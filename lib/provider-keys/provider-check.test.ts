import { describe, expect, it } from "vitest";
import { checkProviderKey, keyBaseUrl, keyCheckRequest, PUBLIC_BASE_URLS } from "./provider-check";

describe("keyCheckRequest", () => {
  it("asks OpenAI-style APIs for their models with a Bearer key", () => {
    for (const provider of ["openai", "openai-compatible", "xai", "mistral"] as const) {
      expect(keyCheckRequest(provider, "k1", "http://h:1/v1/")).toEqual({ url: "http://h:1/v1/models", headers: { authorization: "Bearer k1" } });
    }
  });

  it("asks Deepgram for its projects over HTTP, whatever form the base URL takes", () => {
    const expected = { url: "https://api.deepgram.com/v1/projects", headers: { authorization: "Token dg" } };
    expect(keyCheckRequest("deepgram", "dg", "https://api.deepgram.com")).toEqual(expected);
    expect(keyCheckRequest("deepgram", "dg", "wss://api.deepgram.com/v1/")).toEqual(expected);
    expect(keyCheckRequest("deepgram", "dg", "ws://127.0.0.1:9/")?.url).toBe("http://127.0.0.1:9/v1/projects");
  });

  it("asks ElevenLabs for the key's user with xi-api-key", () => {
    expect(keyCheckRequest("elevenlabs", "el", PUBLIC_BASE_URLS.elevenlabs!)).toEqual({
      url: "https://api.elevenlabs.io/v1/user",
      headers: { "xi-api-key": "el" },
    });
  });

  it("has no check for providers it cannot test yet", () => {
    expect(keyCheckRequest("inworld", "k", "https://api.inworld.ai")).toBeUndefined();
    expect(keyCheckRequest("google", "k", "https://example.com")).toBeUndefined();
  });
});

describe("keyBaseUrl", () => {
  it("prefers the key's own base URL, then the provider's public API", () => {
    expect(keyBaseUrl("openai", "http://mine/v1")).toBe("http://mine/v1");
    expect(keyBaseUrl("mistral", null)).toBe("https://api.mistral.ai/v1");
    expect(keyBaseUrl("openai-compatible", null)).toBeUndefined();
  });
});

describe("checkProviderKey", () => {
  it("explains a port that fetch refuses to connect to", async () => {
    expect(await checkProviderKey("openai", "k", "http://127.0.0.1:1/v1")).toEqual({
      isTested: true,
      ok: false,
      message: "Could not reach OpenAI at http://127.0.0.1:1/v1: fetch does not connect to this port",
    });
  });

  it("does not pretend to test providers it cannot check", async () => {
    expect(await checkProviderKey("google", "k", null)).toEqual({ isTested: false, ok: false, message: "testing google keys is not supported yet" });
  });
});
