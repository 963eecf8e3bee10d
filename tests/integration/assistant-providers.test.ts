// Providers by configuration: the catalogue is enforced at config time (422 naming the dotted
// field), provider defaults are filled in, fallbacks round-trip, and the organisation's keys
// for fallback providers reach the worker.
import { beforeAll, describe, expect, it } from "vitest";
import { call, useFreshDatabase } from "./support";

let assistants: typeof import("@/app/api/v1/assistants/route");
let assistant: typeof import("@/app/api/v1/assistants/[id]/route");
let db: typeof import("@/lib/db").db;
let orgA: Awaited<ReturnType<typeof import("./factories").createOrgWithKey>>;

beforeAll(async () => {
  await useFreshDatabase();
  assistants = await import("@/app/api/v1/assistants/route");
  assistant = await import("@/app/api/v1/assistants/[id]/route");
  db = (await import("@/lib/db")).db;
  const { createOrgWithKey } = await import("./factories");
  orgA = await createOrgWithKey("providers");
});

const create = (body: unknown) => call(assistants.POST, { method: "POST", key: orgA.key, body });
const patch = (id: string, body: unknown) => call(assistant.PATCH, { method: "PATCH", key: orgA.key, params: { id }, body });

describe("provider and model validation", () => {
  it("answers 422 with the dotted param for an unknown provider or model, on create", async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ llm_config: { provider: "openai", model: "gpt-9" } }, "llm_config.model", /unknown openai llm model "gpt-9"/],
      [{ llm_config: { provider: "anthropic", model: "claude" } }, "llm_config.provider", /./],
      [{ stt_config: { provider: "deepgram", model: "nova-7" } }, "stt_config.model", /nova-7/],
      [{ stt_config: { provider: "whisperx" } }, "stt_config.provider", /./],
      [{ tts_config: { provider: "elevenlabs", model: "eleven_v9" } }, "tts_config.model", /eleven_v9/],
      [{ tts_config: { provider: "openai-compatible", model: "kokoro", voice_id: "af_heart" } }, "tts_config.base_url", /base_url is required/],
      [{ llm_config: { fallbacks: [{ provider: "mistral", model: "mistral-tiny-9" }] } }, "llm_config.fallbacks.0.model", /mistral-tiny-9/],
      [{ tts_config: { fallbacks: [{ provider: "inworld" }, { provider: "cartesia" }] } }, "tts_config.fallbacks.1.provider", /./],
      [{ stt_config: { fallbacks: [{}, {}, {}, {}] } }, "stt_config.fallbacks", /./],
    ];
    for (const [config, param, message] of cases) {
      const res = await create({ name: "x", ...(config as object) });
      expect(res.status, JSON.stringify(config)).toBe(422);
      expect(res.body.error).toMatchObject({ code: "validation_error", param, type: "invalid_request_error" });
      expect(res.body.error.message).toMatch(message);
    }
    expect(await db.assistant.count({ where: { organizationId: orgA.organization.id } })).toBe(0);
  });

  it("answers 422 on PATCH when the merged config names a model the provider lacks", async () => {
    const created = await create({ name: "Front desk" });
    expect(created.status).toBe(201);
    const id = created.body.assistant.id as string;

    const bad = await patch(id, { llm_config: { model: "gpt-4o-mega" } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.param).toBe("llm_config.model");

    // Changing the provider without a model picks the provider's default model (and voice).
    const tts = await patch(id, { tts_config: { provider: "inworld" } });
    expect(tts.status).toBe(200);
    expect(tts.body.assistant.tts_config).toMatchObject({ provider: "inworld", model: "inworld-tts-1.5-mini", voice_id: "Ashley" });
    const stt = await patch(id, { stt_config: { provider: "openai", language: "nl" } });
    expect(stt.body.assistant.stt_config).toMatchObject({ provider: "openai", model: "gpt-4o-mini-transcribe", language: "nl" });

    const stored = await db.assistant.findUniqueOrThrow({ where: { id } });
    expect(stored.ttsConfig).toMatchObject({ provider: "inworld", model: "inworld-tts-1.5-mini" });
  });
});

describe("fallbacks", () => {
  it("stores up to three fallbacks per stage and answers them with their defaults filled in", async () => {
    const res = await create({
      name: "Resilient",
      stt_config: { provider: "deepgram", fallbacks: [{ provider: "openai", language: "en" }] },
      llm_config: {
        provider: "openai",
        model: "gpt-4.1-mini",
        fallbacks: [{ provider: "mistral" }, { provider: "openai-compatible", model: "llama3.1:8b", base_url: "http://127.0.0.1:11434/v1", max_tokens: 200 }],
      },
      tts_config: { provider: "elevenlabs", fallbacks: [{ provider: "inworld", voice_id: "Dennis" }, { provider: "openai", voice_id: "nova" }] },
    });
    expect(res.status).toBe(201);
    const a = res.body.assistant;
    expect(a.stt_config.fallbacks).toEqual([{ provider: "openai", model: "gpt-4o-mini-transcribe", language: "en", keyterms: [] }]);
    expect(a.llm_config.fallbacks).toEqual([
      { provider: "mistral", model: "mistral-small-latest", temperature: 0.7 },
      { provider: "openai-compatible", model: "llama3.1:8b", base_url: "http://127.0.0.1:11434/v1", max_tokens: 200, temperature: 0.7 },
    ]);
    expect(a.tts_config.fallbacks).toEqual([
      { provider: "inworld", voice_id: "Dennis", model: "inworld-tts-1.5-mini" },
      { provider: "openai", voice_id: "nova", model: "gpt-4o-mini-tts" },
    ]);

    // PATCH replaces the list as a whole; an empty list removes the fallbacks.
    const cleared = await patch(a.id, { tts_config: { fallbacks: [] } });
    expect(cleared.status).toBe(200);
    expect(cleared.body.assistant.tts_config.fallbacks).toEqual([]);
    expect(cleared.body.assistant.tts_config.provider).toBe("elevenlabs");
  });

  it("leaves fallbacks out of assistants that have none", async () => {
    const res = await create({ name: "Plain" });
    expect(res.body.assistant.llm_config).not.toHaveProperty("fallbacks");
  });
});
