import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { call, useFreshDatabase, expectNotFoundForOtherOrg } from "./support";

let templates: typeof import("@/app/api/v1/tool-templates/route");
let template: typeof import("@/app/api/v1/tool-templates/[id]/route");
let assistants: typeof import("@/app/api/v1/assistants/route");
let assistant: typeof import("@/app/api/v1/assistants/[id]/route");
let db: typeof import("@/lib/db").db;
let orgA: Awaited<ReturnType<typeof import("./factories").createOrgWithKey>>;
let orgB: typeof orgA;

beforeAll(async () => {
  await useFreshDatabase();
  templates = await import("@/app/api/v1/tool-templates/route");
  template = await import("@/app/api/v1/tool-templates/[id]/route");
  assistants = await import("@/app/api/v1/assistants/route");
  assistant = await import("@/app/api/v1/assistants/[id]/route");
  db = (await import("@/lib/db")).db;
  const { createOrgWithKey } = await import("./factories");
  orgA = await createOrgWithKey("tt-alpha");
  orgB = await createOrgWithKey("tt-beta");
});

const functionTemplate = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  description: "Checks the calendar",
  tool_type: "function",
  tool_config: {
    name: "check_availability",
    description: "Look up free slots",
    parameters: { type: "object", properties: { day: { type: "string" } }, required: ["day"] },
    url: "https://example.com/tools/availability",
    async: false,
    ...extra,
  },
});
const create = (key: string, body: unknown) => call(templates.POST, { method: "POST", key, body });

describe("POST /api/v1/tool-templates", () => {
  it("creates a function template from the documented flat tool_config and returns the canonical form", async () => {
    const res = await create(orgA.key, functionTemplate("Availability"));
    expect(res.status).toBe(201);
    const t = res.body.tool_template;
    expect(t).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: "Availability",
      description: "Checks the calendar",
      tool_type: "function",
      tool_config: {
        function: { name: "check_availability", description: "Look up free slots", parameters: { type: "object", properties: { day: { type: "string" } }, required: ["day"] } },
        server: { url: "https://example.com/tools/availability" },
        async: false,
      },
      // The HMS SDK's fields, derived from tool_config.
      function_definition: { name: "check_availability", description: "Look up free slots", parameters: { type: "object", properties: { day: { type: "string" } }, required: ["day"] } },
      server_url: "https://example.com/tools/availability",
      async: false,
      org_id: orgA.organization.id,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(new Date(t.created_at).toISOString()).toBe(t.created_at);
  });

  it("accepts camelCase tool types and emits snake_case", async () => {
    const end = await create(orgA.key, { name: "Hang up", tool_type: "endCall" });
    expect(end.status).toBe(201);
    expect(end.body.tool_template).toMatchObject({ tool_type: "end_call", tool_config: {}, description: null });
    const transfer = await create(orgA.key, {
      name: "To sales",
      tool_type: "transferCall",
      tool_config: { destinations: [{ type: "number", number: "+31850835037", description: "Sales", message: "Transferring you now" }] },
    });
    expect(transfer.status).toBe(201);
    expect(transfer.body.tool_template).toMatchObject({
      tool_type: "transfer_call",
      tool_config: { destinations: [{ type: "number", number: "+31850835037", description: "Sales", message: "Transferring you now" }] },
    });
  });

  it("rejects malformed JSON with 400 and each invalid field with 422 naming it", async () => {
    const malformed = await call(templates.POST, { method: "POST", key: orgA.key, rawBody: "{nope" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("invalid_json");

    const cases: [unknown, string, RegExp?][] = [
      [{ tool_type: "end_call" }, "name"],
      [{ name: " ", tool_type: "end_call" }, "name"],
      [{ name: "x" }, "tool_type"],
      [{ name: "x", tool_type: "mcp" }, "tool_type"],
      [{ name: "x", tool_type: "end_call", colour: "blue" }, "colour"],
      [functionTemplate("x", { name: "9lives" }), "tool_config.function.name"],
      [functionTemplate("x", { name: "a".repeat(65) }), "tool_config.function.name"],
      [functionTemplate("x", { parameters: { type: "object", properties: { day: { type: "text" } } } }), "tool_config.function.parameters", /schema\/properties\/day\/type must be equal to one of the allowed values/],
      [functionTemplate("x", { parameters: { type: "array" } }), "tool_config.function.parameters", /type: "object"/],
      [functionTemplate("x", { url: "ftp://example.com/x" }), "tool_config.server.url"],
      [functionTemplate("x", { async: "yes" }), "tool_config.async"],
      [{ name: "x", tool_type: "function", tool_config: {} }, "tool_config.function"],
      [{ name: "x", tool_type: "transfer_call", tool_config: { destinations: [] } }, "tool_config.destinations"],
      [{ name: "x", tool_type: "transfer_call", tool_config: { destinations: [{ number: "0612345678" }] } }, "tool_config.destinations.0.number"],
    ];
    for (const [body, param, message] of cases) {
      const res = await create(orgA.key, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error).toMatchObject({ code: "validation_error", param, type: "invalid_request_error" });
      if (message) expect(res.body.error.message).toMatch(message);
    }
  });

  it("answers 409 for a name the organisation already uses (another organisation may use it)", async () => {
    expect((await create(orgA.key, functionTemplate("Duplicate me"))).status).toBe(201);
    const again = await create(orgA.key, { name: "Duplicate me", tool_type: "end_call" });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: "conflict", param: "name", message: 'A tool template named "Duplicate me" already exists in this organisation' });
    expect((await create(orgB.key, { name: "Duplicate me", tool_type: "end_call" })).status).toBe(201);
  });
});

describe("authentication", () => {
  it("answers 401 on every method without a valid key", async () => {
    const params = { id: randomUUID() };
    for (const res of [
      await call(templates.GET, {}),
      await call(templates.POST, { method: "POST", body: { name: "x", tool_type: "end_call" } }),
      await call(template.GET, { params, key: "sb_live_nope" }),
      await call(template.PATCH, { method: "PATCH", params, body: { name: "y" } }),
      await call(template.DELETE, { method: "DELETE", params }),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("unauthorized");
    }
  });
});

describe("list, read, update", () => {
  it("lists with pagination in the HMS envelope, newest first", async () => {
    const { createOrgWithKey } = await import("./factories");
    const org = await createOrgWithKey("tt-pager");
    for (const name of ["one", "two", "three"]) await create(org.key, { name, tool_type: "end_call" });
    const page = await call(templates.GET, { key: org.key, path: "/api/v1/tool-templates?limit=2&offset=1" });
    expect(page.status).toBe(200);
    expect(Object.keys(page.body).sort()).toEqual(["pagination", "tool_templates"]);
    expect(page.body.pagination).toEqual({ total: 3, limit: 2, offset: 1 });
    expect(page.body.tool_templates.map((t: { name: string }) => t.name)).toEqual(["two", "one"]);
    const invalid = await call(templates.GET, { key: org.key, path: "/api/v1/tool-templates?offset=-1" });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.param).toBe("offset");
  });

  it("PATCH changes only the provided fields and validates tool_config for the resulting type", async () => {
    const created = (await create(orgA.key, functionTemplate("Patchable"))).body.tool_template;
    const params = { id: created.id };
    const renamed = await call(template.PATCH, { method: "PATCH", key: orgA.key, params, body: { description: null } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.tool_template).toMatchObject({ name: "Patchable", description: null, tool_config: created.tool_config });

    const badConfig = await call(template.PATCH, { method: "PATCH", key: orgA.key, params, body: { tool_config: { function: { name: "bad name" } } } });
    expect(badConfig.status).toBe(422);
    expect(badConfig.body.error.param).toBe("tool_config.function.name");

    // A new type without a config re-validates the stored config for that type.
    const toTransfer = await call(template.PATCH, { method: "PATCH", key: orgA.key, params, body: { tool_type: "transferCall" } });
    expect(toTransfer.status).toBe(422);
    expect(toTransfer.body.error.param).toBe("tool_config.destinations");

    const toEnd = await call(template.PATCH, { method: "PATCH", key: orgA.key, params, body: { tool_type: "end_call" } });
    expect(toEnd.status).toBe(200);
    expect(toEnd.body.tool_template).toMatchObject({ tool_type: "end_call", tool_config: {} });

    await create(orgA.key, { name: "Taken", tool_type: "end_call" });
    const clash = await call(template.PATCH, { method: "PATCH", key: orgA.key, params, body: { name: "Taken" } });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe("conflict");
  });

  it("stores tool secrets encrypted, returns them masked and keeps them when the mask is sent back", async () => {
    const secret = "tool_secret_canary_7731";
    const res = await create(orgA.key, {
      name: "Signed",
      tool_type: "function",
      tool_config: { function: { name: "signed_tool" }, server: { url: "https://example.com/signed", secret } },
    });
    expect(res.status).toBe(201);
    expect(res.body.tool_template.tool_config.server).toEqual({ url: "https://example.com/signed", secret: "********" });
    expect(JSON.stringify(res.body)).not.toContain(secret);

    const id = res.body.tool_template.id;
    const storedBefore = await db.toolTemplate.findUniqueOrThrow({ where: { id } });
    const encBefore = (storedBefore.toolConfig as { server: { secret_enc: string } }).server.secret_enc;
    expect(encBefore).toMatch(/^v1\./);

    // Round-trip what was read: the stored secret stays.
    const roundTrip = await call(template.PATCH, { method: "PATCH", key: orgA.key, params: { id }, body: { tool_config: res.body.tool_template.tool_config } });
    expect(roundTrip.status).toBe(200);
    const storedAfter = await db.toolTemplate.findUniqueOrThrow({ where: { id } });
    expect((storedAfter.toolConfig as { server: { secret_enc: string } }).server.secret_enc).toBe(encBefore);

    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>("SELECT * FROM tool_templates");
    expect(JSON.stringify(rows)).not.toContain(secret);
    const got = await call(template.GET, { key: orgA.key, params: { id } });
    expect(JSON.stringify(got.body)).not.toContain(secret);
  });
});

describe("tenancy and delete", () => {
  it("another organisation gets 404 for every method and changes nothing", async () => {
    const created = (await create(orgA.key, functionTemplate("Private tool"))).body.tool_template;
    const params = { id: created.id };
    await expectNotFoundForOtherOrg(template, orgB.key, params);
    const list = await call(templates.GET, { key: orgB.key, path: "/api/v1/tool-templates?limit=1000" });
    expect(list.body.tool_templates.find((t: { id: string }) => t.id === created.id)).toBeUndefined();
    const still = await call(template.GET, { key: orgA.key, params });
    expect(still.body.tool_template).toEqual(created);
    expect((await call(template.GET, { key: orgA.key, params: { id: "not-a-uuid" } })).status).toBe(404);
    expect((await call(template.GET, { key: orgA.key, params: { id: randomUUID() } })).status).toBe(404);
  });

  it("DELETE answers {success:true}; a template in use is refused with 409 naming the assistants", async () => {
    const free = (await create(orgA.key, { name: "Disposable", tool_type: "end_call" })).body.tool_template;
    const gone = await call(template.DELETE, { method: "DELETE", key: orgA.key, params: { id: free.id } });
    expect(gone.status).toBe(200);
    expect(gone.body).toEqual({ success: true });
    expect((await call(template.GET, { key: orgA.key, params: { id: free.id } })).status).toBe(404);

    const used = (await create(orgA.key, { name: "Shared hang-up", tool_type: "end_call" })).body.tool_template;
    const a1 = (await call(assistants.POST, { method: "POST", key: orgA.key, body: { name: "Reception", tool_template_ids: [used.id] } })).body.assistant;
    await call(assistants.POST, { method: "POST", key: orgA.key, body: { name: "Billing", tool_template_ids: [used.id] } });
    const refused = await call(template.DELETE, { method: "DELETE", key: orgA.key, params: { id: used.id } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: "conflict", message: "Tool template is used by 2 assistant(s): Billing, Reception" });
    expect((await call(template.GET, { key: orgA.key, params: { id: used.id } })).status).toBe(200);

    // The database refuses too, whatever the application checks.
    await expect(db.toolTemplate.delete({ where: { id: used.id } })).rejects.toMatchObject({ code: "P2003" });

    await call(assistant.DELETE, { method: "DELETE", key: orgA.key, params: { id: a1.id } });
    const stillOne = await call(template.DELETE, { method: "DELETE", key: orgA.key, params: { id: used.id } });
    expect(stillOne.body.error.message).toBe("Tool template is used by 1 assistant(s): Billing");
  });
});
