import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, expectNotFoundForOtherOrg, useFreshDatabase } from "./support";

// /api/v1/campaigns, its leads, CSV import and export, and /api/v1/do-not-call, through the
// route handlers with the keys of two organisations.
type Handlers = Record<string, (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>>;
let campaigns: Handlers;
let campaign: Handlers;
let pause: Handlers;
let resume: Handlers;
let cancel: Handlers;
let leads: Handlers;
let lead: Handlers;
let importRoute: Handlers;
let exportRoute: Handlers;
let dnc: Handlers;
let dncOne: Handlers;
let dncImport: Handlers;
let db: typeof import("@/lib/db").db;
let orgA: Awaited<ReturnType<typeof import("./factories").createOrgWithKey>>;
let orgB: typeof orgA;
let readOnlyKey: string;
let assistantA: string;
let inactiveAssistantA: string;
let assistantB: string;
let numberA: string;
let numberWithoutTrunkA: string;
let numberB: string;

async function fixtures(organizationId: string, label: string) {
  const assistant = await db.assistant.create({ data: { organizationId, name: `${label} caller`, sttConfig: {}, llmConfig: {}, ttsConfig: {} } });
  const trunk = await db.sipTrunk.create({ data: { organizationId, name: `${label} carrier`, outboundAddress: "sip.example.com" } });
  const suffix = String(Math.floor(Math.random() * 9000) + 1000);
  const number = await db.phoneNumber.create({ data: { organizationId, phoneNumber: `+3120555${suffix}`, transferTrunkId: trunk.id } });
  return { assistant: assistant.id, number: number.id };
}

beforeAll(async () => {
  await useFreshDatabase();
  campaigns = await import("@/app/api/v1/campaigns/route");
  campaign = await import("@/app/api/v1/campaigns/[id]/route");
  pause = await import("@/app/api/v1/campaigns/[id]/pause/route");
  resume = await import("@/app/api/v1/campaigns/[id]/resume/route");
  cancel = await import("@/app/api/v1/campaigns/[id]/cancel/route");
  leads = await import("@/app/api/v1/campaigns/[id]/leads/route");
  lead = await import("@/app/api/v1/campaigns/[id]/leads/[leadId]/route");
  importRoute = await import("@/app/api/v1/campaigns/[id]/leads/import/route");
  exportRoute = await import("@/app/api/v1/campaigns/[id]/leads/export/route");
  dnc = await import("@/app/api/v1/do-not-call/route");
  dncOne = await import("@/app/api/v1/do-not-call/[id]/route");
  dncImport = await import("@/app/api/v1/do-not-call/import/route");
  db = (await import("@/lib/db")).db;
  const { createOrgWithKey } = await import("./factories");
  const { createApiKey } = await import("@/lib/api-keys/api-keys");
  orgA = await createOrgWithKey("camp-alpha");
  orgB = await createOrgWithKey("camp-beta");
  readOnlyKey = (await createApiKey({ organizationId: orgA.organization.id }, { name: "reader", scopes: ["read_only"] })).key;
  ({ assistant: assistantA, number: numberA } = await fixtures(orgA.organization.id, "A"));
  ({ assistant: assistantB, number: numberB } = await fixtures(orgB.organization.id, "B"));
  inactiveAssistantA = (await db.assistant.create({ data: { organizationId: orgA.organization.id, name: "Off", isActive: false, sttConfig: {}, llmConfig: {}, ttsConfig: {} } })).id;
  numberWithoutTrunkA = (await db.phoneNumber.create({ data: { organizationId: orgA.organization.id, phoneNumber: "+31205559999" } })).id;
});
afterAll(async () => {
  const { closeJobQueue } = await import("@/lib/jobs/boss");
  await closeJobQueue();
});

const create = (key: string, body: unknown) => call(campaigns.POST!, { method: "POST", key, body });
const patch = (key: string, id: string, body: unknown) => call(campaign.PATCH!, { method: "PATCH", key, params: { id }, body });
const base = () => ({ name: "Renewals", assistant_id: assistantA, number_id: numberA });

async function upload(handler: Handlers, key: string, params: Record<string, string>, body: BodyInit, contentType: string | null, query = "") {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (contentType) headers["content-type"] = contentType;
  const req = new Request(`http://127.0.0.1/api/v1/x/import${query}`, { method: "POST", headers, body });
  const res = await handler.POST!(req, { params: Promise.resolve(params) });
  return { status: res.status, body: await res.json() };
}

describe("POST /api/v1/campaigns", () => {
  it("creates a draft with the defaults, the extensions and counters", async () => {
    const res = await create(orgA.key, base());
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(["campaign"]);
    expect(res.body.campaign).toMatchObject({
      name: "Renewals", assistant_id: assistantA, agent_id: assistantA, number_id: numberA, status: "draft",
      schedule_start_time: "09:00:00", schedule_end_time: "17:00:00", timezone: "Europe/Amsterdam", days_of_week: [1, 2, 3, 4, 5],
      max_concurrent_calls: 1, calls_per_second: 1, max_attempts: 3, retry_delay_minutes: { no_answer: 60, busy: 15, failed: 30, voicemail: 120 },
      respect_lead_timezone: false, voicemail_action: "hang_up", auto_pause_failure_rate: 0.8, auto_pause_window: 10, test_first_leads: null,
      total_leads: 0, completed_leads: 0, failed_leads: 0, paused_reason: null,
    });
  });

  it("takes agent_id, HH:MM, day names, per-outcome delays and leads, skipping duplicate leads", async () => {
    const res = await create(orgA.key, {
      name: "Night shift", agent_id: assistantA, number_id: numberA, schedule_start_time: "22:00", schedule_end_time: "02:00:00", timezone: "America/New_York",
      days_of_week: ["fri", "Saturday", 5], start_date: "2026-12-01", end_date: "2026-12-31", max_concurrent_calls: 5, calls_per_second: 0.5, max_attempts: 5,
      retry_delay_minutes: { busy: 5 }, respect_lead_timezone: true, voicemail_action: "retry", test_first_leads: 3, status: "scheduled",
      leads: [{ phone_number: "+31 20 123 4567", name: "Ann", variables: { plan: "gold", seats: 3 } }, { phone_number: "+31201234567" }, { phone_number: "+12125550123", timezone: "America/Chicago" }],
    });
    expect(res.status).toBe(201);
    expect(res.body.campaign).toMatchObject({
      assistant_id: assistantA, schedule_start_time: "22:00:00", schedule_end_time: "02:00:00", days_of_week: [5, 6], status: "scheduled",
      retry_delay_minutes: { no_answer: 60, busy: 5, failed: 30, voicemail: 120 }, total_leads: 2, pending_leads: 2, test_first_leads: 3,
    });
    const listed = await call(leads.GET!, { key: orgA.key, params: { id: res.body.campaign.id } });
    // Leads added together share their creation time: compare them as a set.
    expect(listed.body.leads.map((l: { phone_number: string; variables: unknown }) => [l.phone_number, l.variables]).sort()).toEqual([
      ["+12125550123", {}],
      ["+31201234567", { plan: "gold", seats: "3" }],
    ]);
  });

  it("names the field at fault", async () => {
    const cases: [unknown, string, number][] = [
      [{ ...base(), name: "" }, "name", 422],
      [{ name: "x", number_id: numberA }, "assistant_id", 422],
      [{ ...base(), timezone: "Mars/Base" }, "timezone", 422],
      [{ ...base(), schedule_start_time: "9am" }, "schedule_start_time", 422],
      [{ ...base(), schedule_start_time: "10:00:00", schedule_end_time: "10:00" }, "schedule_end_time", 422],
      [{ ...base(), days_of_week: [] }, "days_of_week", 422],
      [{ ...base(), days_of_week: [8] }, "days_of_week.0", 422],
      [{ ...base(), start_date: "2026-12-10", end_date: "2026-12-01" }, "end_date", 422],
      [{ ...base(), start_date: "2026-02-30" }, "start_date", 422],
      [{ ...base(), max_concurrent_calls: 0 }, "max_concurrent_calls", 422],
      [{ ...base(), calls_per_second: 11 }, "calls_per_second", 422],
      [{ ...base(), max_attempts: 11 }, "max_attempts", 422],
      [{ ...base(), retry_delay_minutes: { busy: -1 } }, "retry_delay_minutes.busy", 422],
      [{ ...base(), status: "completed" }, "status", 422],
      [{ ...base(), leads: [{ phone_number: "0612345678" }] }, "leads.0.phone_number", 422],
      [{ ...base(), surprise: 1 }, "surprise", 422],
      [{ ...base(), assistant_id: inactiveAssistantA }, "assistant_id", 422],
      [{ ...base(), assistant_id: assistantB }, "assistant_id", 404],
      [{ ...base(), number_id: numberB }, "number_id", 404],
      [{ ...base(), number_id: numberWithoutTrunkA }, "number_id", 422],
    ];
    for (const [body, param, status] of cases) {
      const res = await create(orgA.key, body);
      expect([res.status, res.body.error?.param], JSON.stringify(body)).toEqual([status, param]);
    }
    expect((await create(orgA.key, { ...base(), assistant_id: inactiveAssistantA })).body.error.code).toBe("assistant_inactive");
  });

  it("refuses without a key, and a read-only key", async () => {
    expect((await create("", base())).status).toBe(401);
    expect((await create(readOnlyKey, base())).status).toBe(403);
  });
});

describe("GET, PATCH, DELETE /api/v1/campaigns/{id} and the status actions", () => {
  it("lists with a status filter (both spellings) and pagination", async () => {
    const first = (await create(orgA.key, { ...base(), name: "L1" })).body.campaign.id;
    await create(orgA.key, { ...base(), name: "L2" });
    const cancelled = await call(cancel.POST!, { method: "POST", key: orgA.key, params: { id: first } });
    expect(cancelled.body.campaign.status).toBe("cancelled");
    const page = await call(campaigns.GET!, { key: orgA.key, path: "/api/v1/campaigns?limit=1&offset=1" });
    expect(page.body.campaigns).toHaveLength(1);
    expect(page.body.pagination).toMatchObject({ limit: 1, offset: 1 });
    expect(page.body.pagination.total).toBeGreaterThanOrEqual(3);
    for (const spelling of ["cancelled", "canceled"]) {
      const filtered = await call(campaigns.GET!, { key: orgA.key, path: `/api/v1/campaigns?status=${spelling}` });
      expect(filtered.body.campaigns.map((c: { id: string }) => c.id)).toEqual([first]);
    }
    expect((await call(campaigns.GET!, { key: orgA.key, path: "/api/v1/campaigns?status=running" })).body.error.param).toBe("status");
    expect((await call(campaigns.GET!, { key: orgB.key })).body.campaigns).toEqual([]);
  });

  it("moves draft → scheduled ⇄ paused → cancelled, refusing other moves", async () => {
    const id = (await create(orgA.key, base())).body.campaign.id;
    expect((await patch(orgA.key, id, { status: "paused" })).status).toBe(409);
    expect((await patch(orgA.key, id, { status: "scheduled", max_concurrent_calls: 3 })).body.campaign).toMatchObject({ status: "scheduled", max_concurrent_calls: 3 });
    expect((await call(pause.POST!, { method: "POST", key: orgA.key, params: { id } })).body.campaign.status).toBe("paused");
    expect((await call(resume.POST!, { method: "POST", key: orgA.key, params: { id } })).body.campaign.status).toBe("scheduled");
    expect((await patch(orgA.key, id, { status: "completed" })).body.error).toMatchObject({ code: "conflict", param: "status" });
    expect((await call(campaign.DELETE!, { method: "DELETE", key: orgA.key, params: { id } })).status).toBe(409);
    expect((await patch(orgA.key, id, { status: "canceled" })).body.campaign.status).toBe("cancelled");
    expect((await patch(orgA.key, id, { max_attempts: 2 })).status).toBe(409);
    expect((await patch(orgA.key, id, { name: "Old" })).body.campaign.name).toBe("Old");
    expect((await call(campaign.DELETE!, { method: "DELETE", key: orgA.key, params: { id } })).body).toEqual({ success: true });
    expect((await call(campaign.GET!, { key: orgA.key, params: { id } })).status).toBe(404);
  });

  it("validates a PATCH against the stored campaign", async () => {
    const id = (await create(orgA.key, { ...base(), schedule_start_time: "10:00:00" })).body.campaign.id;
    expect((await patch(orgA.key, id, { schedule_end_time: "10:00:00" })).body.error.param).toBe("schedule_end_time");
    expect((await patch(orgA.key, id, { number_id: numberWithoutTrunkA })).body.error.param).toBe("number_id");
    expect((await patch(orgA.key, id, { assistant_id: inactiveAssistantA })).body.error.code).toBe("assistant_inactive");
    expect((await patch(orgA.key, id, { retry_delay_minutes: 7 })).body.campaign.retry_delay_minutes).toEqual({ no_answer: 7, busy: 7, failed: 7, voicemail: 7 });
  });

  it("answers another organisation's campaign with 404", async () => {
    const id = (await create(orgA.key, base())).body.campaign.id;
    await expectNotFoundForOtherOrg(campaign as never, orgB.key, { id });
    expect((await call(leads.GET!, { key: orgB.key, params: { id } })).status).toBe(404);
    expect((await call(leads.POST!, { method: "POST", key: orgB.key, params: { id }, body: { phone_number: "+31201234567" } })).status).toBe(404);
    expect((await call(pause.POST!, { method: "POST", key: orgB.key, params: { id } })).status).toBe(404);
    expect((await upload(importRoute, orgB.key, { id }, "phone\n+31201234567\n", "text/csv")).status).toBe(404);
    expect((await call(exportRoute.GET!, { key: orgB.key, params: { id } })).status).toBe(404);
    expect((await call(campaign.GET!, { key: orgA.key, params: { id: "not-a-uuid" } })).status).toBe(404);
  });
});

describe("leads", () => {
  it("adds one (409 when repeated) or many, lists with filters, deletes", async () => {
    const id = (await create(orgA.key, base())).body.campaign.id;
    const one = await call(leads.POST!, { method: "POST", key: orgA.key, params: { id }, body: { phone_number: "+31201234501", name: "One", variables: { a: "1" } } });
    expect(one.status).toBe(201);
    expect(one.body.lead).toMatchObject({ campaign_id: id, phone_number: "+31201234501", name: "One", status: "pending", attempts: 0, call_id: null, outcome: null, last_attempt_at: null, next_attempt_at: null });
    const again = await call(leads.POST!, { method: "POST", key: orgA.key, params: { id }, body: { phone_number: "+31 20 123 4501" } });
    expect([again.status, again.body.error.param]).toEqual([409, "phone_number"]);
    const many = await call(leads.POST!, { method: "POST", key: orgA.key, params: { id }, body: { leads: [{ phone_number: "+31201234501" }, { phone_number: "+31201234502" }, { phone_number: "+31201234503" }] } });
    expect(many.status).toBe(201);
    expect([many.body.leads.length, many.body.skipped_duplicates]).toEqual([2, 1]);
    const bad = await call(leads.POST!, { method: "POST", key: orgA.key, params: { id }, body: { leads: [{ phone_number: "+31201234504" }, { phone_number: "nope" }] } });
    expect(bad.body.error.param).toBe("leads.1.phone_number");

    const page = await call(leads.GET!, { key: orgA.key, params: { id }, path: "/api/v1/x?limit=2&offset=1" });
    expect([page.body.leads.length, page.body.pagination]).toEqual([2, { total: 3, limit: 2, offset: 1 }]);
    await db.campaignLead.updateMany({ where: { campaignId: id, phoneNumber: "+31201234503" }, data: { status: "no_answer" } });
    for (const spelling of ["no_answer", "no-answer"]) {
      const filtered = await call(leads.GET!, { key: orgA.key, params: { id }, path: `/api/v1/x?status=${spelling}` });
      expect(filtered.body.leads.map((l: { phone_number: string }) => l.phone_number)).toEqual(["+31201234503"]);
    }
    const byNumber = await call(leads.GET!, { key: orgA.key, params: { id }, path: "/api/v1/x?phone_number=4502" });
    expect(byNumber.body.leads).toHaveLength(1);

    const leadId = one.body.lead.id;
    expect((await call(lead.DELETE!, { method: "DELETE", key: orgB.key, params: { id, leadId } })).status).toBe(404);
    await db.campaignLead.updateMany({ where: { id: leadId }, data: { status: "calling" } });
    expect((await call(lead.DELETE!, { method: "DELETE", key: orgA.key, params: { id, leadId } })).status).toBe(409);
    await db.campaignLead.updateMany({ where: { id: leadId }, data: { status: "completed" } });
    expect((await call(lead.DELETE!, { method: "DELETE", key: orgA.key, params: { id, leadId } })).body).toEqual({ success: true });
    expect((await call(campaign.GET!, { key: orgA.key, params: { id } })).body.campaign).toMatchObject({ total_leads: 2, no_answer_leads: 1, pending_leads: 1 });
  });
});

describe("CSV import and export", () => {
  it("imports text/csv and multipart, reporting duplicates and invalid rows, and exports the results", async () => {
    const id = (await create(orgA.key, { ...base(), leads: [{ phone_number: "+31201234599" }] })).body.campaign.id;
    const file = "Phone;Name;Plan\n020 123 4501;Ann;gold\n+31201234599;Dup of campaign;x\n020 123 4501;Dup in file;y\nbanana;Bad;z\n+31 20 123 4502;=cmd();silver\n";
    const res = await upload(importRoute, orgA.key, { id }, file, "text/csv; charset=utf-8", "?default_country=nl");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ imported: 2, skipped_duplicates: 2, skipped_dnc: 0, invalid: [{ row: 5, reason: "invalid phone number: banana" }], invalid_count: 1, total: 5 });

    const form = new FormData();
    form.append("file", new Blob([new Uint8Array([0x70, 0x68, 0x6f, 0x6e, 0x65, 0x2c, 0x6e, 0x61, 0x6d, 0x65, 0x0a, ...new TextEncoder().encode("+31201234503,J"), 0xfc, 0x72, 0x67, 0x65, 0x6e, 0x0a])]), "leads.csv");
    const multi = await upload(importRoute, orgA.key, { id }, form, null);
    expect(multi.body).toMatchObject({ imported: 1, total: 1 });
    const listed = await call(leads.GET!, { key: orgA.key, params: { id }, path: "/api/v1/x?phone_number=4503" });
    expect(listed.body.leads[0].name).toBe("Jürgen");

    expect((await upload(importRoute, orgA.key, { id }, "x", "application/json")).status).toBe(415);
    const noPhone = await upload(importRoute, orgA.key, { id }, "name\nAnn\n", "text/csv");
    expect([noPhone.status, noPhone.body.error.param]).toEqual([422, "file"]);
    const headerOnly = await upload(importRoute, orgA.key, { id }, "phone\n", "text/csv");
    expect(headerOnly.body).toMatchObject({ imported: 0, total: 0 });

    const exported = await exportRoute.GET!(new Request("http://127.0.0.1/x", { headers: { authorization: `Bearer ${orgA.key}` } }), { params: Promise.resolve({ id }) });
    expect(exported.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await exported.text()).trim().split("\r\n");
    expect(lines[0]).toBe("id,phone_number,name,status,attempts,outcome,last_attempt_at,next_attempt_at,call_id,call_status,duration_seconds,summary,structured_data,Plan");
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.includes("+31201234502"))).toMatch(/,'=cmd\(\),pending,0,/);
    expect(lines.find((l) => l.includes("+31201234501"))).toMatch(/,Ann,pending,0,.*,gold$/);
  });

  it("stores nothing of a file that breaks the row limit after batches were written", async () => {
    const id = (await create(orgA.key, { ...base(), leads: [{ phone_number: "+31201238800" }] })).body.campaign.id;
    const { importLeads } = await import("@/lib/campaigns/import-leads");
    const { timezoneOfNumber } = await import("@/lib/campaigns/window");
    const rows = Array.from({ length: 7 }, (_, i) => `+3120123880${i + 1}`).join("\n");
    const file = async function* () {
      yield new TextEncoder().encode(`phone\n${rows}\n`);
    };
    const error = await importLeads({ organizationId: orgA.organization.id }, id, file(), { maxRows: 6, batchSize: 2 }).then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ code: "validation_error", param: "file" });
    expect(await db.campaignLead.count({ where: { campaignId: id } })).toBe(1);
    // The same file within the limit: batches, the number the campaign had counted as a duplicate, file order kept.
    const fileWith = async function* () {
      yield new TextEncoder().encode(`phone,plan\n+31201238800,x\n${rows.split("\n").map((r, i) => `${r},p${i}`).join("\n")}\n`);
    };
    const result = await importLeads({ organizationId: orgA.organization.id }, id, fileWith(), { batchSize: 3 });
    expect(result).toEqual({ imported: 7, skipped_duplicates: 1, skipped_dnc: 0, invalid: [], invalid_count: 0, total: 8 });
    const stored = await db.campaignLead.findMany({ where: { campaignId: id, phoneNumber: "+31201238807" } });
    expect(stored.map((l) => [l.status, l.variables, l.zone, l.organizationId])).toEqual([["pending", { plan: "p6" }, timezoneOfNumber("+31201238807"), orgA.organization.id]]);
  });

  it("refuses a file over the size limit with 413 before reading it", async () => {
    const id = (await create(orgA.key, base())).body.campaign.id;
    const req = new Request("http://127.0.0.1/x", { method: "POST", headers: { authorization: `Bearer ${orgA.key}`, "content-type": "text/csv", "content-length": String(30 * 1024 * 1024) }, body: "phone\n" });
    const res = await importRoute.POST!(req, { params: Promise.resolve({ id }) });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatchObject({ code: "payload_too_large", param: "file" });
  });
});

describe("do-not-call", () => {
  it("adds, lists, imports and deletes numbers; listed numbers become skipped leads (outcome dnc)", async () => {
    const id = (await create(orgA.key, { ...base(), leads: [{ phone_number: "+31201239901" }, { phone_number: "+31201239902" }] })).body.campaign.id;
    const added = await call(dnc.POST!, { method: "POST", key: orgA.key, body: { phone_number: "+31 20 123 9901", reason: "asked" } });
    expect(added.status).toBe(201);
    expect(added.body.do_not_call).toMatchObject({ phone_number: "+31201239901", reason: "asked", source: "api" });
    expect((await call(dnc.POST!, { method: "POST", key: orgA.key, body: { phone_number: "+31201239901" } })).status).toBe(409);
    const many = await call(dnc.POST!, { method: "POST", key: orgA.key, body: { phone_numbers: ["+31201239901", "+31201239903"] } });
    expect([many.body.do_not_call.length, many.body.skipped_duplicates]).toEqual([1, 1]);
    const imported = await upload(dncImport, orgA.key, {}, "number\n0201239904\nxyz\n", "text/csv", "?default_country=NL");
    expect(imported.body).toMatchObject({ imported: 1, invalid: [{ row: 3 }], total: 2 });

    const leadRows = await call(leads.GET!, { key: orgA.key, params: { id } });
    expect(leadRows.body.leads.map((l: { phone_number: string; status: string; outcome: string | null }) => [l.phone_number, l.status, l.outcome]).sort()).toEqual([
      ["+31201239901", "skipped", "dnc"],
      ["+31201239902", "pending", null],
    ]);
    const later = await call(leads.POST!, { method: "POST", key: orgA.key, params: { id }, body: { phone_number: "+31201239903" } });
    expect(later.body.lead).toMatchObject({ status: "skipped", outcome: "dnc" });
    const csv = await upload(importRoute, orgA.key, { id }, "phone\n+31201239904\n", "text/csv");
    expect(csv.body).toMatchObject({ imported: 0, skipped_dnc: 1 });

    const list = await call(dnc.GET!, { key: orgA.key });
    expect(list.body.pagination.total).toBe(3);
    expect((await call(dnc.GET!, { key: orgB.key })).body.do_not_call).toEqual([]);
    const entry = list.body.do_not_call[0].id;
    expect((await call(dncOne.DELETE!, { method: "DELETE", key: orgB.key, params: { id: entry } })).status).toBe(404);
    expect((await call(dncOne.DELETE!, { method: "DELETE", key: orgA.key, params: { id: entry } })).body).toEqual({ success: true });
    expect((await call(dnc.POST!, { method: "POST", key: readOnlyKey, body: { phone_number: "+31201239909" } })).status).toBe(403);
  });
});
