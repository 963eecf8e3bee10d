import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { call, useFreshDatabase, expectNotFoundForOtherOrg } from "./support";

let templates: typeof import("@/app/api/v1/analysis-templates/route");
let template: typeof import("@/app/api/v1/analysis-templates/[id]/route");
let assistants: typeof import("@/app/api/v1/assistants/route");
let assistant: typeof import("@/app/api/v1/assistants/[id]/route");
let orgA: Awaited<ReturnType<typeof import("./factories").createOrgWithKey>>;
let orgB: typeof orgA;

beforeAll(async () => {
  await useFreshDatabase();
  templates = await import("@/app/api/v1/analysis-templates/route");
  template = await import("@/app/api/v1/analysis-templates/[id]/route");
  assistants = await import("@/app/api/v1/assistants/route");
  assistant = await import("@/app/api/v1/assistants/[id]/route");
  const { createOrgWithKey } = await import("./factories");
  orgA = await createOrgWithKey("at-alpha");
  orgB = await createOrgWithKey("at-beta");
});

const SCHEMA = {
  type: "object",
  properties: {
    intent: { type: "string" },
    sentiment: { type: "string", enum: ["positive", "neutral", "negative"] },
    appointment_booked: { type: "boolean" },
  },
};
const MESSAGES = [
  { role: "system", content: "Extract the data as JSON matching {{schema}}." },
  { role: "user", content: "{{transcript}}\n\nThe call ended because: {{ended_reason}}" },
];
const body = (name: string, extra: Record<string, unknown> = {}) => ({ name, description: "Intake", schema: SCHEMA, messages: MESSAGES, min_messages_threshold: 3, ...extra });
const create = (key: string, b: unknown) => call(templates.POST, { method: "POST", key, body: b });

describe("POST /api/v1/analysis-templates", () => {
  it("creates a template in the HMS envelope", async () => {
    const res = await create(orgA.key, body("Intake"));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      analysis_template: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: "Intake",
        description: "Intake",
        schema: SCHEMA,
        messages: MESSAGES,
        min_messages_threshold: 3,
        org_id: orgA.organization.id,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      },
    });
  });

  it("applies defaults: no messages, threshold 2", async () => {
    const res = await create(orgA.key, { name: "Minimal", schema: { type: "object" } });
    expect(res.status).toBe(201);
    expect(res.body.analysis_template).toMatchObject({ description: null, messages: [], min_messages_threshold: 2 });
  });

  it("rejects malformed JSON with 400 and each invalid field with 422 naming it", async () => {
    expect((await call(templates.POST, { method: "POST", key: orgA.key, rawBody: "[" })).status).toBe(400);
    const cases: [unknown, string, RegExp?][] = [
      [{ schema: SCHEMA }, "name"],
      [{ name: "x" }, "schema"],
      [body("x", { schema: { type: "object", properties: { a: { type: "strng" } } } }), "schema", /^schema: schema\/properties\/a\/type must be equal to one of the allowed values$/],
      [body("x", { schema: { type: "object", required: "intent" } }), "schema", /schema\/required must be array/],
      [body("x", { schema: [] }), "schema"],
      [body("x", { messages: [{ role: "robot", content: "hi" }] }), "messages.0.role"],
      [body("x", { messages: [{ role: "user" }] }), "messages.0.content"],
      [body("x", { min_messages_threshold: -1 }), "min_messages_threshold"],
      [body("x", { min_messages_threshold: 1.5 }), "min_messages_threshold"],
      [body("x", { system_prompt: "legacy" }), "system_prompt"],
    ];
    for (const [b, param, message] of cases) {
      const res = await create(orgA.key, b);
      expect(res.status, JSON.stringify(b)).toBe(422);
      expect(res.body.error).toMatchObject({ code: "validation_error", param, type: "invalid_request_error" });
      if (message) expect(res.body.error.message).toMatch(message);
    }
  });

  it("answers 409 for a name the organisation already uses", async () => {
    await create(orgA.key, body("Same name"));
    const again = await create(orgA.key, body("Same name"));
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: "conflict", param: "name", message: 'An analysis template named "Same name" already exists in this organisation' });
    expect((await create(orgB.key, body("Same name"))).status).toBe(201);
  });
});

describe("authentication", () => {
  it("answers 401 on every method without a valid key", async () => {
    const params = { id: randomUUID() };
    for (const res of [
      await call(templates.GET, {}),
      await call(templates.POST, { method: "POST", body: body("x") }),
      await call(template.GET, { params, key: "sb_live_nope" }),
      await call(template.PATCH, { method: "PATCH", params, body: { name: "y" } }),
      await call(template.DELETE, { method: "DELETE", params }),
    ]) {
      expect(res.status).toBe(401);
    }
  });
});

describe("list, read, update", () => {
  it("lists with pagination", async () => {
    const { createOrgWithKey } = await import("./factories");
    const org = await createOrgWithKey("at-pager");
    for (const name of ["one", "two", "three"]) await create(org.key, body(name));
    const page = await call(templates.GET, { key: org.key, path: "/api/v1/analysis-templates?limit=1&offset=2" });
    expect(page.status).toBe(200);
    expect(Object.keys(page.body).sort()).toEqual(["analysis_templates", "pagination"]);
    expect(page.body.pagination).toEqual({ total: 3, limit: 1, offset: 2 });
    expect(page.body.analysis_templates.map((t: { name: string }) => t.name)).toEqual(["one"]);
    expect((await call(templates.GET, { key: org.key, path: "/api/v1/analysis-templates?limit=5000" })).body.error.param).toBe("limit");
  });

  it("PATCH changes only the provided fields and validates them", async () => {
    const created = (await create(orgA.key, body("Editable"))).body.analysis_template;
    const params = { id: created.id };
    const res = await call(template.PATCH, { method: "PATCH", key: orgA.key, params, body: { min_messages_threshold: 0, schema: { type: "object", properties: { ok: { type: "boolean" } } } } });
    expect(res.status).toBe(200);
    expect(res.body.analysis_template).toMatchObject({ name: "Editable", messages: MESSAGES, min_messages_threshold: 0, schema: { properties: { ok: { type: "boolean" } } } });
    const bad = await call(template.PATCH, { method: "PATCH", key: orgA.key, params, body: { schema: { type: 12 } } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.param).toBe("schema");
    await create(orgA.key, body("Occupied"));
    expect((await call(template.PATCH, { method: "PATCH", key: orgA.key, params, body: { name: "Occupied" } })).status).toBe(409);
  });
});

describe("tenancy and delete", () => {
  it("another organisation gets 404 for every method and changes nothing", async () => {
    const created = (await create(orgA.key, body("Private analysis"))).body.analysis_template;
    const params = { id: created.id };
    await expectNotFoundForOtherOrg(template, orgB.key, params);
    const list = await call(templates.GET, { key: orgB.key, path: "/api/v1/analysis-templates?limit=1000" });
    expect(list.body.analysis_templates.find((t: { id: string }) => t.id === created.id)).toBeUndefined();
    expect((await call(template.GET, { key: orgA.key, params })).body.analysis_template).toEqual(created);
    expect((await call(template.GET, { key: orgA.key, params: { id: "x" } })).status).toBe(404);
  });

  it("DELETE answers {success:true}; a template referenced by an assistant is refused with 409", async () => {
    const free = (await create(orgA.key, body("Throwaway"))).body.analysis_template;
    const gone = await call(template.DELETE, { method: "DELETE", key: orgA.key, params: { id: free.id } });
    expect(gone.body).toEqual({ success: true });
    expect((await call(template.GET, { key: orgA.key, params: { id: free.id } })).status).toBe(404);

    const used = (await create(orgA.key, body("In use"))).body.analysis_template;
    const plan = { structured_data_plan: { enabled: true, template_id: used.id }, min_messages_threshold: 2 };
    const a = (await call(assistants.POST, { method: "POST", key: orgA.key, body: { name: "Analysed line", analysis_plan: plan } })).body.assistant;
    const refused = await call(template.DELETE, { method: "DELETE", key: orgA.key, params: { id: used.id } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: "conflict", message: "Analysis template is used by 1 assistant(s): Analysed line" });

    await call(assistant.PATCH, { method: "PATCH", key: orgA.key, params: { id: a.id }, body: { analysis_plan: null } });
    expect((await call(template.DELETE, { method: "DELETE", key: orgA.key, params: { id: used.id } })).status).toBe(200);
  });
});
