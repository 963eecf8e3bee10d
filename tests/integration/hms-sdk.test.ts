import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "./support";
import { startAppServer, type AppServer } from "./app-server";
import { ApiRequestError, AuthenticationError, HMSSovereign, NotFoundError } from "../vendor/hmsovereign-node/src/index";
import { HttpClient } from "../vendor/hmsovereign-node/src/client";

// The official HMS Node SDK (tests/vendor/hmsovereign-node, unchanged) against the app over
// real HTTP: what it sends is what an integrator's code sends, and it parses our answers with
// its own code.

let server: AppServer;
let db: typeof import("@/lib/db").db;
let org: Awaited<ReturnType<typeof import("./factories").createOrgWithKey>>;
let other: typeof org;
let hms: HMSSovereign;

const clientFor = (apiKey: string) => new HMSSovereign({ apiKey, baseUrl: `${server.url}/api/v1`, maxRetries: 0 });

/** The error the SDK throws, for assertions. */
async function sdkError(promise: Promise<unknown>): Promise<ApiRequestError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiRequestError);
  return error as ApiRequestError;
}

beforeAll(async () => {
  await useFreshDatabase();
  db = (await import("@/lib/db")).db;
  const { createOrgWithKey } = await import("./factories");
  org = await createOrgWithKey("sdk");
  other = await createOrgWithKey("sdk-other");
  server = await startAppServer();
  hms = clientFor(org.key);
});

afterAll(async () => {
  await server?.close();
});

describe("errors the SDK reads", () => {
  it("gets a readable message, the stable code and the param of a validation error", async () => {
    const error = await sdkError(hms.assistants.create({ name: "" }));
    expect(error.status).toBe(422);
    expect(error.message).not.toBe("[object Object]");
    expect(error.message).toMatch(/^name: /);
    expect(error.code).toBe("validation_error");
    expect(error.param).toBe("name");
  });

  it("maps 404 and 401 to its own error classes with our messages", async () => {
    const missing = await sdkError(hms.assistants.get(randomUUID()));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.message).toBe("Assistant not found");
    const unauthorised = await sdkError(clientFor("sb_live_not-a-key").voices.list());
    expect(unauthorised).toBeInstanceOf(AuthenticationError);
    expect(unauthorised.message).not.toBe("[object Object]");
  });

  it("gets a JSON 404 in the error format for a path no endpoint has", async () => {
    const http = new HttpClient({ apiKey: org.key, baseUrl: `${server.url}/api/v1`, maxRetries: 0 });
    const error = await sdkError(http.request({ method: "GET", path: "/no-such-endpoint" }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe("No endpoint /api/v1/no-such-endpoint");
    const raw = await fetch(`${server.url}/api/v1/no/such/thing`, { method: "POST", headers: { authorization: `Bearer ${org.key}` } });
    expect(raw.status).toBe(404);
    expect(raw.headers.get("content-type")).toContain("application/json");
    expect((await raw.json()).error.code).toBe("not_found");
  });
});

describe("assistants, analysis templates and the organisation through the SDK", () => {
  it("creates, reads, lists, updates and deletes an assistant", async () => {
    const created = await hms.assistants.create({ name: "SDK desk", first_message: "Hello!" });
    expect(created).toMatchObject({ name: "SDK desk", first_message: "Hello!", is_active: true });
    expect((await hms.assistants.get(created.id)).id).toBe(created.id);
    expect((await hms.assistants.list()).map((a) => a.id)).toContain(created.id);
    expect((await hms.assistants.update(created.id, { name: "SDK desk 2" })).name).toBe("SDK desk 2");
    await hms.assistants.delete(created.id);
    expect(await sdkError(hms.assistants.get(created.id))).toBeInstanceOf(NotFoundError);
  });

  it("creates and reads an analysis template, and reads the organisation", async () => {
    const template = await hms.analysisTemplates.create({ name: "Outcome", schema: { type: "object", properties: { booked: { type: "boolean" } } } });
    expect((await hms.analysisTemplates.get(template.id)).name).toBe("Outcome");
    expect((await hms.organizations.get()).id).toBe(org.organization.id);
  });
});

describe("tool templates in the SDK's shape", () => {
  const definition = {
    name: "check_availability",
    description: "Look up free slots",
    parameters: { type: "object", properties: { day: { type: "string" } }, required: ["day"] },
  };

  it("creates a function template from function_definition, server_url, server_secret and async, and answers the superset", async () => {
    const created = await hms.toolTemplates.create({
      name: "Availability",
      description: "Calendar",
      function_definition: definition,
      server_url: "https://example.com/tools/availability",
      server_secret: "tool-secret-123",
      async: true,
    });
    expect(created).toMatchObject({
      name: "Availability",
      description: "Calendar",
      function_definition: definition,
      server_url: "https://example.com/tools/availability",
      async: true,
      tool_type: "function",
      tool_config: { function: definition, server: { url: "https://example.com/tools/availability", secret: "********" }, async: true },
    });
    expect(created).not.toHaveProperty("server_secret");
    expect(JSON.stringify(created)).not.toContain("tool-secret-123");
    const stored = await db.toolTemplate.findUniqueOrThrow({ where: { id: created.id } });
    expect(JSON.stringify(stored.toolConfig)).not.toContain("tool-secret-123");

    const updated = await hms.toolTemplates.update(created.id, { server_url: "https://example.com/v2", async: false });
    expect(updated).toMatchObject({ server_url: "https://example.com/v2", async: false, function_definition: definition });
    // The secret survives an update that does not name it.
    const after = await db.toolTemplate.findUniqueOrThrow({ where: { id: created.id } });
    expect((after.toolConfig as { server: { secret_enc?: string } }).server.secret_enc).toBe((stored.toolConfig as { server: { secret_enc?: string } }).server.secret_enc);

    expect((await hms.toolTemplates.get(created.id)).server_url).toBe("https://example.com/v2");
    expect((await hms.toolTemplates.list()).map((t) => t.id)).toContain(created.id);
    await hms.toolTemplates.delete(created.id);
    expect(await sdkError(hms.toolTemplates.get(created.id))).toBeInstanceOf(NotFoundError);
  });

  it("answers the SDK fields for templates made the tool_type way, and refuses both forms at once naming the field", async () => {
    const res = await fetch(`${server.url}/api/v1/tool-templates`, {
      method: "POST",
      headers: { authorization: `Bearer ${org.key}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Hang up", tool_type: "end_call" }),
    });
    expect(res.status).toBe(201);
    expect((await res.json()).tool_template).toMatchObject({ tool_type: "end_call", function_definition: null, server_url: null, async: false });

    const both = await sdkError(
      hms.toolTemplates.create({ name: "Both", function_definition: definition, tool_config: { name: "x" } } as never),
    );
    expect(both.status).toBe(422);
    expect(both.param).toBe("function_definition");
    const badName = await sdkError(hms.toolTemplates.create({ name: "Bad", function_definition: { ...definition, name: "has space" } }));
    expect(badName.param).toBe("function_definition.name");
  });
});

describe("BYOK in the SDK's shape", () => {
  it("gets the byok_keys map, sets and deletes a key answering { success, byok_keys }, and reads the catalogue", async () => {
    const empty = await hms.byok.get();
    expect(empty.byok_keys.openai_secret_id).toBeNull();
    expect(empty.byok_keys.deepgram_secret_id).toBeNull();

    const set = await hms.byok.set({ provider: "deepgram", api_key: "dg-sdk-key-5678" });
    expect(set.success).toBe(true);
    expect(set.byok_keys.deepgram_secret_id).toMatch(/^[0-9a-f-]{36}$/);
    const row = await db.providerKey.findFirstOrThrow({ where: { organizationId: org.organization.id, provider: "deepgram" } });
    expect(set.byok_keys.deepgram_secret_id).toBe(row.id);
    expect((await hms.byok.get()).byok_keys.deepgram_secret_id).toBe(row.id);
    // Another organisation sees none of it.
    expect((await clientFor(other.key).byok.get()).byok_keys.deepgram_secret_id).toBeNull();

    const config = (await hms.byok.getConfig()) as { providers: { provider: string; categories: string[]; models: Record<string, string[]>; configured: boolean }[]; categories: { id: string }[] };
    const deepgram = config.providers.find((p) => p.provider === "deepgram")!;
    expect(deepgram).toMatchObject({ categories: ["stt"], configured: true });
    expect(deepgram.models.stt).toContain("nova-3");
    expect(config.providers.find((p) => p.provider === "openai")).toMatchObject({ categories: ["stt", "llm", "tts"], configured: false });
    expect(config.categories.map((c) => c.id)).toEqual(["stt", "llm", "tts"]);

    const removed = await hms.byok.delete({ provider: "deepgram" });
    expect(removed).toEqual({ success: true, byok_keys: expect.objectContaining({ deepgram_secret_id: null }) });
  });
});

describe("calls, usage and voices through the SDK", () => {
  let phoneCall: string;
  let webCall: string;
  beforeAll(async () => {
    const make = (data: { type: "web" | "inbound"; createdAt: Date; callerPhone?: string | null; assistantPhone?: string | null }) =>
      db.call.create({ data: { organizationId: org.organization.id, roomName: `call-${randomUUID()}`, status: "ended", transcript: [], assistantSnapshot: {}, ...data } });
    phoneCall = (await make({ type: "inbound", createdAt: new Date("2026-03-10T23:59:00Z"), callerPhone: null, assistantPhone: "+31201234567" })).id;
    webCall = (await make({ type: "web", createdAt: new Date("2026-03-11T00:00:00Z") })).id;
    await make({ type: "web", createdAt: new Date("2026-03-09T23:59:59Z") });
  });

  it("filters calls by day (YYYY-MM-DD, UTC, both ends inclusive)", async () => {
    const page = await hms.calls.list({ start_date: "2026-03-10", end_date: "2026-03-11" });
    expect(page.data.map((c) => c.id).sort()).toEqual([phoneCall, webCall].sort());
    expect((await hms.calls.list({ start_date: "2026-03-10", end_date: "2026-03-10" })).data.map((c) => c.id)).toEqual([phoneCall]);
    const bad = await sdkError(hms.calls.list({ start_date: "10-03-2026" }));
    expect(bad.status).toBe(422);
    expect(bad.param).toBe("start_date");
  });

  it("gives phone calls caller_phone and assistant_phone as strings, web calls direction web", async () => {
    const phone = await hms.calls.get(phoneCall);
    expect(phone.caller_phone).toBe("");
    expect(phone.assistant_phone).toBe("+31201234567");
    const web = await hms.calls.get(webCall);
    expect(web.direction).toBe("web");
    expect(web.caller_phone).toBeNull();
  });

  it("lists usage with day filters", async () => {
    const usage = await hms.usage.list({ start_date: "2026-03-01", end_date: "2026-03-31" });
    expect(usage.pagination).toMatchObject({ offset: 0 });
    expect(usage.summary.total_calls).toBe(0);
    expect(Array.isArray(usage.logs)).toBe(true);
  });

  it("reads voice descriptions as { en, nl }", async () => {
    const voices = await hms.voices.list();
    const rachel = voices.find((v) => v.id === "21m00Tcm4TlvDq8ikWAM")!;
    expect(rachel.description).toEqual({ en: "calm", nl: "kalm" });
  });
});
