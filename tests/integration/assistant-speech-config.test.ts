// speech_config (conversation dynamics) on the assistants API: stored, returned, replaced as a
// whole on PATCH, reset with null, validated with the offending field named.
import { beforeAll, describe, expect, it } from "vitest";
import { call, useFreshDatabase } from "./support";

let assistants: typeof import("@/app/api/v1/assistants/route");
let assistant: typeof import("@/app/api/v1/assistants/[id]/route");
let org: Awaited<ReturnType<typeof import("./factories").createOrgWithKey>>;

beforeAll(async () => {
  await useFreshDatabase();
  assistants = await import("@/app/api/v1/assistants/route");
  assistant = await import("@/app/api/v1/assistants/[id]/route");
  const { createOrgWithKey } = await import("./factories");
  org = await createOrgWithKey("speech");
});

const speech = {
  turn_taking: { endpointing_min_delay: 0.4, endpointing_max_delay: 2, interruption_min_words: 2, false_interruption_timeout: null },
  silence: { messages: ["Are you there, {{first_name}}?"], final_message: "Goodbye.", first_check_seconds: 3, max_attempts: 2 },
  end_call_message: "Thanks for calling!",
  first_message_outbound: "Hi {{first_name}}, this is the clinic.",
};

describe("speech_config", () => {
  it("is an empty object by default and is stored and returned as sent", async () => {
    const plain = await call(assistants.POST, { method: "POST", key: org.key, body: { name: "Plain" } });
    expect(plain.status).toBe(201);
    expect(plain.body.assistant.speech_config).toEqual({});

    const created = await call(assistants.POST, { method: "POST", key: org.key, body: { name: "Talkative", autonomous_silence_handling: true, speech_config: speech } });
    expect(created.status).toBe(201);
    expect(created.body.assistant.speech_config).toEqual(speech);
    const read = await call(assistant.GET, { key: org.key, params: { id: created.body.assistant.id } });
    expect(read.body.assistant.speech_config).toEqual(speech);
  });

  it("PATCH replaces the block as a whole (what the editor sends), and null resets it", async () => {
    const created = await call(assistants.POST, { method: "POST", key: org.key, body: { name: "Replace", speech_config: speech } });
    const id = created.body.assistant.id;
    const next = { ...speech, silence: { ...speech.silence, max_attempts: 4 }, end_call_message: undefined };
    const patched = await call(assistant.PATCH, { method: "PATCH", key: org.key, params: { id }, body: { speech_config: next } });
    expect(patched.status).toBe(200);
    expect(patched.body.assistant.speech_config).toEqual(JSON.parse(JSON.stringify(next)));
    expect(patched.body.assistant.speech_config).not.toHaveProperty("end_call_message");
    const other = await call(assistant.PATCH, { method: "PATCH", key: org.key, params: { id }, body: { name: "Renamed" } });
    expect(other.body.assistant.speech_config).toEqual(JSON.parse(JSON.stringify(next)));
    const reset = await call(assistant.PATCH, { method: "PATCH", key: org.key, params: { id }, body: { speech_config: null } });
    expect(reset.body.assistant.speech_config).toEqual({});
  });

  it("rejects out-of-range values naming the field, on create and on PATCH", async () => {
    const bad = await call(assistants.POST, { method: "POST", key: org.key, body: { name: "Bad", speech_config: { silence: { max_attempts: 11 } } } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.param).toBe("speech_config.silence.max_attempts");

    const created = await call(assistants.POST, { method: "POST", key: org.key, body: { name: "Range" } });
    const id = created.body.assistant.id;
    for (const [body, param] of [
      [{ turn_taking: { endpointing_min_delay: 3, endpointing_max_delay: 1 } }, "speech_config.turn_taking.endpointing_min_delay"],
      [{ turn_taking: { interruption_min_duration: 0.01 } }, "speech_config.turn_taking.interruption_min_duration"],
      [{ silence: { messages: ["a", "b", "c", "d", "e", "f"] } }, "speech_config.silence.messages"],
      [{ end_call_message: "x".repeat(301) }, "speech_config.end_call_message"],
    ] as const) {
      const res = await call(assistant.PATCH, { method: "PATCH", key: org.key, params: { id }, body: { speech_config: body } });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.param).toBe(param);
    }
    const unchanged = await call(assistant.GET, { key: org.key, params: { id } });
    expect(unchanged.body.assistant.speech_config).toEqual({});
  });
});
