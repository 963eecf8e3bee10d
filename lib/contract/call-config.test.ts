import { describe, expect, it } from "vitest";
import { callConfigSchema, InvalidDispatchMetadataError, parseDispatchMetadata, systemInstructions } from "./call-config";

describe("parseDispatchMetadata", () => {
  it("reads LiveKit SIP's inbound dispatch (the number id) apart from the app's (the call id)", () => {
    const number_id = "7d1e0c4a-0000-4000-8000-000000000000";
    expect(parseDispatchMetadata(JSON.stringify({ channel: "sip_inbound", number_id }))).toEqual({ channel: "sip_inbound", number_id });
    expect(() => parseDispatchMetadata(JSON.stringify({ channel: "sip_inbound" }))).toThrow(InvalidDispatchMetadataError);
    // The catch-all rule for numbers nobody registered.
    expect(parseDispatchMetadata(JSON.stringify({ channel: "sip_inbound", number_id: null }))).toEqual({ channel: "sip_inbound", number_id: null });
    expect(() => parseDispatchMetadata(JSON.stringify({ channel: "sip_outbound", number_id }))).toThrow(InvalidDispatchMetadataError);
  });
  it("reads the call id from the dispatch metadata", () => {
    expect(parseDispatchMetadata(JSON.stringify({ call_id: "call-1", extra: true }))).toEqual({ call_id: "call-1" });
  });

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["not JSON", "call-1"],
    ["without call_id", JSON.stringify({ id: "call-1" })],
    ["with an empty call_id", JSON.stringify({ call_id: "" })],
    ["with a numeric call_id", JSON.stringify({ call_id: 42 })],
  ])("rejects metadata that is %s", (_label, raw) => {
    expect(() => parseDispatchMetadata(raw)).toThrow(InvalidDispatchMetadataError);
  });
});

describe("callConfigSchema", () => {
  const config = {
    call: { id: "c1", type: "web", room_name: "call-c1", organization_id: "o1", created_at: "2026-01-01T00:00:00Z" },
    assistant: {
      id: "a1",
      name: "Front desk",
      first_message: null,
      is_active: true,
      max_duration_seconds: null,
      webhook_url: "https://example.com/hook",
      stt_config: { provider: "deepgram", model: "nova-3-general", language: "nl", keyterms: ["Switchboard"], endpointing: 300 },
      llm_config: {
        provider: "openai",
        model: "gpt-4o-mini",
        temperature: 0.7,
        tools: [],
        messages: [
          { role: "system", content: "Rule one." },
          { role: "user", content: "Example" },
          { role: "system", content: "  Rule two.  " },
        ],
      },
      tts_config: { provider: "elevenlabs", voice_id: "v1", model: "eleven_flash_v2_5", stability: 0.5 },
    },
  };

  it("accepts the public assistant shape and passes the fields it does not use through (for the tool-calls webhook)", () => {
    const parsed = callConfigSchema.parse(config);
    expect(parsed.assistant.stt_config).toMatchObject({ language: "nl", keyterms: ["Switchboard"], endpointing: 300 });
    expect(parsed.assistant.webhook_url).toBe("https://example.com/hook");
    expect(parsed.assistant.first_message).toBeNull();
  });

  it("reads the conversation settings with defaults for an older app", () => {
    const parsed = callConfigSchema.parse(config);
    expect(parsed.call).toMatchObject({ caller_phone: null, assistant_phone: null, metadata: {} });
    expect(parsed.webhook).toBeNull();
    expect(parsed.recording).toEqual({ enabled: false });
    expect(parsed.assistant).toMatchObject({ autonomous_silence_handling: false, silence_timeout_seconds: null });
    expect(parsed.assistant.speech_config).toMatchObject({ pronunciation: [], end_call_phrases: [] });
    expect(parsed.assistant.llm_config.tools).toEqual([]);
  });

  it("reads tools with their resolved servers and leaves out kinds the worker does not run", () => {
    const parsed = callConfigSchema.parse({
      ...config,
      call: { ...config.call, caller_phone: "+31612345678", metadata: { first_name: "Ada" } },
      webhook: { url: "https://example.com/events", secret: "s3cret", events: ["end-of-call-report"] },
      recording: { enabled: true },
      assistant: {
        ...config.assistant,
        autonomous_silence_handling: true,
        silence_timeout_seconds: 8,
        speech_config: { silence: { max_attempts: 2 }, end_call_message: "Bye!", future_block: { x: 1 } },
        llm_config: {
          ...config.assistant.llm_config,
          tools: [
            { type: "function", function: { name: "lookup", parameters: { type: "object", properties: {} } }, server: { url: "https://example.com/t", secret: "plain" } },
            { type: "function", function: { name: "nowhere" } },
            { type: "end_call" },
            { type: "transfer_call", destinations: [{ type: "number", number: "+31201234567", message: "One moment." }] },
            { type: "mcp", mcp_server_id: "m1" },
          ],
        },
      },
    });
    expect(parsed.call).toMatchObject({ caller_phone: "+31612345678", metadata: { first_name: "Ada" } });
    expect(parsed.webhook).toEqual({ url: "https://example.com/events", secret: "s3cret", events: ["end-of-call-report"] });
    expect(parsed.recording).toEqual({ enabled: true });
    expect(parsed.assistant.speech_config).toMatchObject({ silence: { max_attempts: 2, messages: [] }, end_call_message: "Bye!", future_block: { x: 1 } });
    expect(parsed.assistant.llm_config.tools.map((t) => t.type)).toEqual(["function", "function", "end_call", "transfer_call"]);
    expect(parsed.assistant.llm_config.tools[0]).toMatchObject({ server: { url: "https://example.com/t", secret: "plain" }, async: false });
    const nowhere = parsed.assistant.llm_config.tools[1];
    expect(nowhere).toMatchObject({ function: { description: "" } });
    expect(nowhere?.type === "function" && nowhere.server).toBeUndefined();
  });

  it("tolerates null optionals", () => {
    const parsed = callConfigSchema.parse({
      ...config,
      assistant: { ...config.assistant, stt_config: { ...config.assistant.stt_config, keyterms: null, base_url: null } },
    });
    expect(parsed.assistant.stt_config.keyterms).toEqual([]);
    expect(parsed.assistant.stt_config.base_url).toBeUndefined();
  });

  it("reads the organisation's provider keys when present", () => {
    expect(callConfigSchema.parse(config).provider_keys).toBeUndefined();
    const parsed = callConfigSchema.parse({
      ...config,
      provider_keys: { openai: { api_key: "sk-org" }, deepgram: { api_key: "dg-org", base_url: "https://dg.example.com" } },
    });
    expect(parsed.provider_keys).toEqual({
      openai: { api_key: "sk-org", base_url: undefined },
      deepgram: { api_key: "dg-org", base_url: "https://dg.example.com" },
    });
    expect(callConfigSchema.safeParse({ ...config, provider_keys: { openai: { api_key: "" } } }).success).toBe(false);
  });

  it("rejects a config without the parts the worker needs", () => {
    expect(callConfigSchema.safeParse({ ...config, assistant: { ...config.assistant, llm_config: undefined } }).success).toBe(false);
  });

  it("joins the system messages into the instructions", () => {
    expect(systemInstructions(callConfigSchema.parse(config).assistant.llm_config)).toBe("Rule one.\n\nRule two.");
  });
});
