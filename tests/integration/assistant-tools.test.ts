import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { call, useFreshDatabase } from "./support";

// The assistant's llm_config.tools, tool_template_ids and analysis_plan validation.
let assistants: typeof import("@/app/api/v1/assistants/route");
let assistant: typeof import("@/app/api/v1/assistants/[id]/route");
let agents: typeof import("@/app/api/v1/agents/route");
let toolTemplates: typeof import("@/app/api/v1/tool-templates/route");
let analysisTemplates: typeof import("@/app/api/v1/analysis-templates/route");
let webCalls: typeof import("@/app/api/v1/calls/web/route");
let db: typeof import("@/lib/db").db;
let orgA: Awaited<ReturnType<typeof import("./factories").createOrgWithKey>>;
let orgB: typeof orgA;

beforeAll(async () => {
  await useFreshDatabase();
  // No media server: a web call still records its snapshot, then answers 503.
  process.env.LIVEKIT_URL = "ws://127.0.0.1:9";
  assistants = await import("@/app/api/v1/assistants/route");
  assistant = await import("@/app/api/v1/assistants/[id]/route");
  agents = await import("@/app/api/v1/agents/route");
  toolTemplates = await import("@/app/api/v1/tool-templates/route");
  analysisTemplates = await import("@/app/api/v1/analysis-templates/route");
  webCalls = await import("@/app/api/v1/calls/web/route");
  db = (await import("@/lib/db")).db;
  const { createOrgWithKey } = await import("./factories");
  orgA = await createOrgWithKey("tools-a");
  orgB = await createOrgWithKey("tools-b");
});

const createAssistant = (key: string, body: unknown) => call(assistants.POST, { method: "POST", key, body });
const patchAssistant = (key: string, id: string, body: unknown) => call(assistant.PATCH, { method: "PATCH", key, params: { id }, body });
const withTools = (tools: unknown[]) => ({ name: "Tools", llm_config: { tools } });
const createToolTemplate = async (key: string, body: unknown) => (await call(toolTemplates.POST, { method: "POST", key, body })).body.tool_template;
const createAnalysisTemplate = async (key: string, name: string) =>
  (await call(analysisTemplates.POST, { method: "POST", key, body: { name, schema: { type: "object", properties: { intent: { type: "string" } } } } })).body.analysis_template;

describe("llm_config.tools", () => {
  it("still accepts the published example with tools: [{}] (empty objects are ignored)", async () => {
    const body = JSON.parse(readFileSync(new URL("../fixtures/hms-create-agent-request.json", import.meta.url), "utf8"));
    expect(body.llm_config.tools).toEqual([{}]);
    const res = await call(agents.POST, { method: "POST", key: orgA.key, body });
    expect(res.status).toBe(201);
    expect(res.body.assistant.llm_config.tools).toEqual([]);
    expect(res.body.assistant.tool_template_ids).toEqual([]);
  });

  it("accepts every documented spelling and returns the canonical snake_case form", async () => {
    const res = await createAssistant(orgA.key, withTools([
      { type: "function", function: { name: "check_availability", description: "Free slots", parameters: { type: "object", properties: { day: { type: "string" } } } }, server: { url: "https://example.com/tools" }, async: false },
      { name: "book_appointment", description: "Books", parameters: { type: "object", properties: {} }, url: "https://example.com/book", async: true, async_response: "One moment please" },
      { type: "endCall" },
      { type: "transferCall", destinations: [{ type: "number", number: "+31850835037", description: "Sales", message: "Transferring you now" }] },
    ]));
    expect(res.status).toBe(201);
    expect(res.body.assistant.llm_config.tools).toEqual([
      { type: "function", function: { name: "check_availability", description: "Free slots", parameters: { type: "object", properties: { day: { type: "string" } } } }, server: { url: "https://example.com/tools" }, async: false },
      { type: "function", function: { name: "book_appointment", description: "Books", parameters: { type: "object", properties: {} } }, server: { url: "https://example.com/book" }, async: true, message: "One moment please" },
      { type: "end_call" },
      { type: "transfer_call", destinations: [{ type: "number", number: "+31850835037", description: "Sales", message: "Transferring you now" }] },
    ]);
  });

  it("rejects invalid tools with 422 naming the field, on create and on update", async () => {
    const fn = (f: Record<string, unknown>, rest: Record<string, unknown> = {}) => ({ type: "function", function: { name: "ok", ...f }, ...rest });
    const cases: [unknown[], string, RegExp?][] = [
      [[{ type: "mcp", mcp_server_id: randomUUID() }], "llm_config.tools.0.type", /unknown tool type/],
      [[{}, { type: "dance" }], "llm_config.tools.1.type"],
      [[{ foo: "bar" }], "llm_config.tools.0.type"],
      [["end_call"], "llm_config.tools.0"],
      [[fn({ name: "with space" })], "llm_config.tools.0.function.name"],
      [[fn({ name: "n".repeat(65) })], "llm_config.tools.0.function.name"],
      [[fn({ parameters: { type: "object", properties: { day: { type: "date" } } } })], "llm_config.tools.0.function.parameters", /schema\/properties\/day\/type must be equal to one of the allowed values/],
      [[fn({ parameters: { type: "string" } })], "llm_config.tools.0.function.parameters"],
      [[fn({}, { server: { url: "javascript:alert(1)" } })], "llm_config.tools.0.server.url"],
      [[fn({}, { server: {} })], "llm_config.tools.0.server.url"],
      [[{ type: "transfer_call" }], "llm_config.tools.0.destinations"],
      [[{ type: "transfer_call", destinations: [{ type: "sip", number: "+31850835037" }] }], "llm_config.tools.0.destinations.0.type"],
      [[{ type: "transfer_call", destinations: [{ number: "31 85 083 5037" }] }], "llm_config.tools.0.destinations.0.number"],
      [[fn({}), fn({})], "llm_config.tools.1.function.name", /duplicate function name/],
    ];
    const target = (await createAssistant(orgA.key, { name: "Patch target" })).body.assistant;
    for (const [tools, param, message] of cases) {
      for (const res of [await createAssistant(orgA.key, withTools(tools)), await patchAssistant(orgA.key, target.id, { llm_config: { tools } })]) {
        expect(res.status, JSON.stringify(tools)).toBe(422);
        expect(res.body.error).toMatchObject({ code: "validation_error", param });
        if (message) expect(res.body.error.message).toMatch(message);
      }
    }
  });

  it("stores tool secrets encrypted, returns them masked, and keeps them across updates", async () => {
    const secret = "assistant_tool_secret_canary_5521";
    const tool = { type: "function", function: { name: "signed" }, server: { url: "https://example.com/signed", secret } };
    const res = await createAssistant(orgA.key, withTools([tool]));
    expect(res.status).toBe(201);
    const created = res.body.assistant;
    expect(created.llm_config.tools[0].server).toEqual({ url: "https://example.com/signed", secret: "********" });
    expect(JSON.stringify(res.body)).not.toContain(secret);

    const stored = async () => ((await db.assistant.findUniqueOrThrow({ where: { id: created.id } })).llmConfig as { tools: { server: { secret_enc?: string } }[] }).tools[0]!.server.secret_enc;
    const encrypted = await stored();
    expect(encrypted).toMatch(/^v1\./);

    // Another llm_config field changes: the tool and its secret stay.
    expect((await patchAssistant(orgA.key, created.id, { llm_config: { temperature: 0.2 } })).status).toBe(200);
    expect(await stored()).toBe(encrypted);
    // The tools sent back as read (masked): the secret stays.
    expect((await patchAssistant(orgA.key, created.id, { llm_config: { tools: created.llm_config.tools } })).status).toBe(200);
    expect(await stored()).toBe(encrypted);
    // A new secret replaces it; no secret removes it.
    await patchAssistant(orgA.key, created.id, { llm_config: { tools: [{ ...tool, server: { ...tool.server, secret: "another-secret" } }] } });
    const replaced = await stored();
    expect(replaced).toMatch(/^v1\./);
    expect(replaced).not.toBe(encrypted);
    const removed = await patchAssistant(orgA.key, created.id, { llm_config: { tools: [{ ...tool, server: { url: tool.server.url } }] } });
    expect(removed.body.assistant.llm_config.tools[0].server).toEqual({ url: "https://example.com/signed" });

    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>("SELECT * FROM assistants");
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(JSON.stringify(rows)).not.toContain("another-secret");
  });
});

describe("tool_template_ids", () => {
  it("links the organisation's templates, returns them, and replaces them on update", async () => {
    const t1 = await createToolTemplate(orgA.key, { name: "Hang up", tool_type: "end_call" });
    const t2 = await createToolTemplate(orgA.key, { name: "Lookup", tool_type: "function", tool_config: { name: "lookup", url: "https://example.com/lookup" } });
    const res = await createAssistant(orgA.key, { name: "Templated", tool_template_ids: [t2.id, t1.id, t2.id] });
    expect(res.status).toBe(201);
    expect(res.body.assistant.tool_template_ids).toEqual([t1.id, t2.id]);
    const id = res.body.assistant.id;
    expect((await call(assistant.GET, { key: orgA.key, params: { id } })).body.assistant.tool_template_ids).toEqual([t1.id, t2.id]);
    const listed = (await call(assistants.GET, { key: orgA.key, path: "/api/v1/assistants?limit=1000" })).body.assistants.find((a: { id: string }) => a.id === id);
    expect(listed.tool_template_ids).toEqual([t1.id, t2.id]);

    const patched = await patchAssistant(orgA.key, id, { tool_template_ids: [t2.id] });
    expect(patched.body.assistant.tool_template_ids).toEqual([t2.id]);
    // Other fields leave the links alone.
    expect((await patchAssistant(orgA.key, id, { name: "Renamed" })).body.assistant.tool_template_ids).toEqual([t2.id]);
    expect((await patchAssistant(orgA.key, id, { tool_template_ids: [] })).body.assistant.tool_template_ids).toEqual([]);
  });

  it("rejects another organisation's template, unknown ids and non-UUIDs with 422 naming the index", async () => {
    const mine = await createToolTemplate(orgA.key, { name: "Mine", tool_type: "end_call" });
    const theirs = await createToolTemplate(orgB.key, { name: "Theirs", tool_type: "end_call" });
    const target = (await createAssistant(orgA.key, { name: "Link target", tool_template_ids: [mine.id] })).body.assistant;
    const cases: [unknown, string][] = [
      [[mine.id, theirs.id], "tool_template_ids.1"],
      [[randomUUID()], "tool_template_ids.0"],
      [[mine.id, "not-a-uuid"], "tool_template_ids.1"],
      ["nope", "tool_template_ids"],
    ];
    for (const [ids, param] of cases) {
      for (const res of [await createAssistant(orgA.key, { name: "x", tool_template_ids: ids }), await patchAssistant(orgA.key, target.id, { tool_template_ids: ids })]) {
        expect(res.status, JSON.stringify(ids)).toBe(422);
        expect(res.body.error).toMatchObject({ code: "validation_error", param });
      }
    }
    expect((await call(assistant.GET, { key: orgA.key, params: { id: target.id } })).body.assistant.tool_template_ids).toEqual([mine.id]);
    expect(await db.assistantToolTemplate.count({ where: { toolTemplateId: theirs.id } })).toBe(0);
  });

  it("resolves template tools into the call's llm_config.tools (own tools first, one per name)", async () => {
    const hangUp = await createToolTemplate(orgA.key, { name: "Snapshot hang-up", tool_type: "endCall" });
    const weather = await createToolTemplate(orgA.key, {
      name: "Snapshot weather",
      tool_type: "function",
      tool_config: { function: { name: "weather", parameters: { type: "object", properties: { city: { type: "string" } } } }, server: { url: "https://example.com/weather", secret: "template-secret-xyz" } },
    });
    const shadowed = await createToolTemplate(orgA.key, { name: "Snapshot shadowed", tool_type: "function", tool_config: { name: "lookup", url: "https://example.com/template-lookup" } });
    const own = { type: "function", function: { name: "lookup" }, server: { url: "https://example.com/own-lookup" } };
    const created = (await createAssistant(orgA.key, { name: "Snapshot", llm_config: { tools: [own] }, tool_template_ids: [hangUp.id, weather.id, shadowed.id] })).body.assistant;
    expect(created.llm_config.tools).toHaveLength(1);

    const res = await call(webCalls.POST, { method: "POST", key: orgA.key, body: { assistant_id: created.id } });
    expect(res.status).toBe(503);
    const row = await db.call.findFirstOrThrow({ where: { assistantId: created.id } });
    const snapshot = row.assistantSnapshot as { llm_config: { tools: Record<string, unknown>[] }; tool_template_ids: string[] };
    expect(snapshot.llm_config.tools).toEqual([
      { type: "function", function: { name: "lookup", description: "", parameters: { type: "object", properties: {} } }, server: { url: "https://example.com/own-lookup" }, async: false },
      { type: "end_call" },
      { type: "function", function: { name: "weather", description: "", parameters: { type: "object", properties: { city: { type: "string" } } } }, server: { url: "https://example.com/weather", secret: "********" }, async: false },
    ]);
    expect(JSON.stringify(row)).not.toContain("template-secret-xyz");
  });
});

describe("analysis_plan", () => {
  const plan = (sdp: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ structured_data_plan: { enabled: true, ...sdp }, ...extra });

  it("accepts the documented example", async () => {
    const example = plan({
      schema: { type: "object", properties: { intent: { type: "string" }, sentiment: { type: "string", enum: ["positive", "neutral", "negative"] }, appointment_booked: { type: "boolean" } } },
      messages: [{ role: "system", content: "Extract ... {{schema}}" }, { role: "user", content: "{{transcript}} ... {{ended_reason}}" }],
    }, { min_messages_threshold: 2 });
    const res = await createAssistant(orgA.key, { name: "Analysed", analysis_plan: example });
    expect(res.status).toBe(201);
    expect(res.body.assistant.analysis_plan).toEqual(example);
  });

  it("rejects an invalid plan with 422 naming the field and quoting ajv", async () => {
    const cases: [unknown, string, RegExp?][] = [
      [plan({ schema: { type: "object", properties: { intent: { type: "txt" } } } }), "analysis_plan.structured_data_plan.schema", /^analysis_plan\.structured_data_plan\.schema: schema\/properties\/intent\/type must be equal to one of the allowed values$/],
      [plan({ schema: { type: "object", required: true } }), "analysis_plan.structured_data_plan.schema", /schema\/required must be array/],
      [plan({}), "analysis_plan.structured_data_plan.schema", /needs a schema or a template_id/],
      [plan({ schema: { type: "object" }, messages: [{ role: "tool", content: "x" }] }), "analysis_plan.structured_data_plan.messages.0.role"],
      [plan({ schema: { type: "object" } }, { min_messages_threshold: -1 }), "analysis_plan.min_messages_threshold"],
      [plan({ template_id: "abc" }), "analysis_plan.structured_data_plan.template_id"],
    ];
    const target = (await createAssistant(orgA.key, { name: "Plan target" })).body.assistant;
    for (const [analysisPlan, param, message] of cases) {
      for (const res of [await createAssistant(orgA.key, { name: "x", analysis_plan: analysisPlan }), await patchAssistant(orgA.key, target.id, { analysis_plan: analysisPlan })]) {
        expect(res.status, JSON.stringify(analysisPlan)).toBe(422);
        expect(res.body.error).toMatchObject({ code: "validation_error", param });
        if (message) expect(res.body.error.message).toMatch(message);
      }
    }
  });

  it("template_id must be an analysis template of the organisation and pins it", async () => {
    const mine = await createAnalysisTemplate(orgA.key, "Mine");
    const theirs = await createAnalysisTemplate(orgB.key, "Theirs");
    for (const id of [theirs.id, randomUUID()]) {
      const res = await createAssistant(orgA.key, { name: "x", analysis_plan: plan({ template_id: id }) });
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ code: "validation_error", param: "analysis_plan.structured_data_plan.template_id" });
    }
    const created = (await createAssistant(orgA.key, { name: "Pinned", analysis_plan: plan({ template_id: mine.id }) })).body.assistant;
    expect(created.analysis_plan.structured_data_plan.template_id).toBe(mine.id);
    expect((await db.assistant.findUniqueOrThrow({ where: { id: created.id } })).analysisTemplateId).toBe(mine.id);

    const switched = await patchAssistant(orgA.key, created.id, { analysis_plan: plan({ schema: { type: "object" } }) });
    expect(switched.status).toBe(200);
    expect((await db.assistant.findUniqueOrThrow({ where: { id: created.id } })).analysisTemplateId).toBeNull();
  });
});
