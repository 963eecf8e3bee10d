import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { call, useFreshDatabase } from "./support";

// GET /api/v1/calls filters and search, against calls written straight into the database.

let db: typeof import("@/lib/db").db;
let routes: {
  list: typeof import("@/app/api/v1/calls/route");
  one: typeof import("@/app/api/v1/calls/[id]/route");
  assistants: typeof import("@/app/api/v1/assistants/route");
};
let orgA: Awaited<ReturnType<typeof import("./factories").createOrgWithKey>>;
let orgB: typeof orgA;
const ids: Record<string, string> = {};
let reception: string;
let sales: string;

beforeAll(async () => {
  await useFreshDatabase();
  db = (await import("@/lib/db")).db;
  routes = {
    list: await import("@/app/api/v1/calls/route"),
    one: await import("@/app/api/v1/calls/[id]/route"),
    assistants: await import("@/app/api/v1/assistants/route"),
  };
  const { createOrgWithKey } = await import("./factories");
  orgA = await createOrgWithKey("filters-a");
  orgB = await createOrgWithKey("filters-b");
  const make = async (name: string) => (await call(routes.assistants.POST, { method: "POST", key: orgA.key, body: { name } })).body.assistant.id as string;
  reception = await make("Reception desk");
  sales = await make("Sales line");

  const add = async (
    label: string,
    data: { assistantId: string | null; type: "web" | "inbound" | "outbound"; status: "ended" | "failed" | "in_progress"; createdAt: Date; callerPhone?: string; assistantPhone?: string; transcript?: unknown; summary?: string; endReason?: string },
    organizationId = orgA.organization.id,
  ) => {
    const row = await db.call.create({
      data: {
        organizationId,
        roomName: `call-${randomUUID()}`,
        assistantSnapshot: { name: "snapshot" },
        ...data,
        transcript: (data.transcript ?? []) as object,
      },
    });
    ids[label] = row.id;
  };
  const jan = (d: number) => new Date(Date.UTC(2026, 0, d, 9));
  await add("web1", { assistantId: reception, type: "web", status: "ended", createdAt: jan(1), transcript: [{ role: "user", content: "Can I move my Dentist appointment?" }], endReason: "user_hangup" });
  await add("in1", { assistantId: reception, type: "inbound", status: "ended", createdAt: jan(2), callerPhone: "+31612345678", assistantPhone: "+31201234567", summary: "Caller asked about parking." });
  await add("out1", { assistantId: sales, type: "outbound", status: "failed", createdAt: jan(3), callerPhone: "+4915112345678", assistantPhone: "+31201234567", endReason: "voicemail" });
  await add("live", { assistantId: sales, type: "inbound", status: "in_progress", createdAt: jan(4), callerPhone: "+31687654321", assistantPhone: "+31209999999" });
  await add("other", { assistantId: null, type: "inbound", status: "ended", createdAt: jan(2), callerPhone: "+31612345678", transcript: [{ role: "user", content: "dentist" }] }, orgB.organization.id);
});

const list = async (query: string, key = orgA.key) => {
  const res = await call(routes.list.GET, { key, path: `/api/v1/calls${query}` });
  expect(res.status, query).toBe(200);
  return res.body as { calls: { id: string }[]; pagination: { total: number; limit: number; offset: number } };
};
const labels = (body: { calls: { id: string }[] }) => body.calls.map((c) => Object.keys(ids).find((k) => ids[k] === c.id));

describe("GET /api/v1/calls filters", () => {
  it("lists newest first with pagination", async () => {
    expect(labels(await list(""))).toEqual(["live", "out1", "in1", "web1"]);
    const page = await list("?limit=2&offset=1");
    expect(labels(page)).toEqual(["out1", "in1"]);
    expect(page.pagination).toEqual({ total: 4, limit: 2, offset: 1 });
  });

  it("filters by assistant (assistant_id or agent_id), status and type", async () => {
    expect(labels(await list(`?assistant_id=${sales}`))).toEqual(["live", "out1"]);
    expect(labels(await list(`?agent_id=${reception}`))).toEqual(["in1", "web1"]);
    expect(labels(await list("?status=in-progress"))).toEqual(["live"]);
    expect(labels(await list("?status=failed"))).toEqual(["out1"]);
    expect(labels(await list("?type=inbound"))).toEqual(["live", "in1"]);
    expect(labels(await list(`?type=inbound&assistant_id=${reception}&status=ended`))).toEqual(["in1"]);
  });

  it("filters by creation time: start_date inclusive, end_date exclusive", async () => {
    const at = (d: number) => encodeURIComponent(new Date(Date.UTC(2026, 0, d, 9)).toISOString());
    expect(labels(await list(`?start_date=${at(2)}&end_date=${at(4)}`))).toEqual(["out1", "in1"]);
    expect(labels(await list(`?start_date=${encodeURIComponent("2026-01-03T10:00:00+01:00")}`))).toEqual(["live", "out1"]);
  });

  it("filters by phone number, the caller's or the assistant's (a + sent unencoded arrives as a space)", async () => {
    expect(labels(await list(`?phone_number=${encodeURIComponent("+31612345678")}`))).toEqual(["in1"]);
    expect(labels(await list(`?phone_number=${encodeURIComponent("+31201234567")}`))).toEqual(["out1", "in1"]);
    expect(labels(await list("?phone_number=+4915112345678"))).toEqual(["out1"]);
    expect(labels(await list("?phone_number=%2B31000000000"))).toEqual([]);
  });

  it("searches transcript text, summary, assistant name and end reason, case-insensitively", async () => {
    expect(labels(await list("?q=dentist"))).toEqual(["web1"]);
    expect(labels(await list("?q=PARKING"))).toEqual(["in1"]);
    expect(labels(await list("?q=sales%20line"))).toEqual(["live", "out1"]);
    expect(labels(await list("?q=voicemail"))).toEqual(["out1"]);
    // JSON keys of the transcript are not text of the call; LIKE wildcards are literal.
    expect(labels(await list("?q=content"))).toEqual([]);
    expect(labels(await list("?q=%25"))).toEqual([]);
    expect((await list("?q=dentist&limit=1")).pagination.total).toBe(1);
  });

  it("never shows another organisation's calls", async () => {
    expect(labels(await list("?q=dentist", orgB.key))).toEqual(["other"]);
    expect(labels(await list(`?phone_number=${encodeURIComponent("+31612345678")}`, orgB.key))).toEqual(["other"]);
    expect((await list(`?assistant_id=${reception}`, orgB.key)).calls).toEqual([]);
    expect((await call(routes.one.GET, { key: orgB.key, params: { id: ids.in1! } })).status).toBe(404);
  });

  it("answers bad filter values with 422 and the param", async () => {
    for (const [query, param] of [
      ["?status=on-hold", "status"],
      ["?type=sip", "type"],
      ["?assistant_id=nope", "assistant_id"],
      ["?start_date=last-week", "start_date"],
      ["?end_date=2026-13-01", "end_date"],
      ["?start_date=2026-01-03T00:00:00Z&end_date=2026-01-01T00:00:00Z", "end_date"],
      ["?limit=5000", "limit"],
      ["?offset=-2", "offset"],
    ] as const) {
      const res = await call(routes.list.GET, { key: orgA.key, path: `/api/v1/calls${query}` });
      expect(res.status, query).toBe(422);
      expect(res.body.error).toMatchObject({ code: "validation_error", param });
    }
  });

  it("returns the full call object with cost fields", async () => {
    const res = await call(routes.one.GET, { key: orgA.key, params: { id: ids.in1! } });
    expect(res.body).toMatchObject({ id: ids.in1, summary: "Caller asked about parking.", assistant_name: "Reception desk", cost: null, cost_breakdown: [], caller_phone: "+31612345678", assistant_phone: "+31201234567" });
  });
});
