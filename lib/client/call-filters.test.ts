import { describe, expect, it } from "vitest";
import { callFiltersToApiQuery, callFiltersToSearch, hasActiveFilters, pageRange, parseCallFilters } from "./call-filters";

const ASSISTANT = "7d0f1c9e-2b3a-4c5d-8e9f-0a1b2c3d4e5f";

describe("parseCallFilters", () => {
  it("reads every filter from the portal URL", () => {
    const f = parseCallFilters(new URLSearchParams(`status=ended&type=web&assistant_id=${ASSISTANT}&from=2026-11-01&to=2026-11-22&phone=%2B31612345678&q=%20refund%20&page=3`));
    expect(f).toEqual({ status: "ended", type: "web", assistantId: ASSISTANT, from: "2026-11-01", to: "2026-11-22", phone: "+31612345678", q: "refund", page: 3 });
  });

  it("drops unknown enum values, malformed dates and ids, blank text and bad pages", () => {
    const f = parseCallFilters(new URLSearchParams("status=queued&type=sms&assistant_id=nope&from=01-11-2026&to=2026-13-45&phone=%20&q=&page=-2"));
    expect(f).toEqual({ status: undefined, type: undefined, assistantId: undefined, from: undefined, to: undefined, phone: undefined, q: undefined, page: 1 });
    expect(hasActiveFilters(f)).toBe(false);
  });
});

describe("callFiltersToSearch", () => {
  it("round-trips through parseCallFilters and leaves out page 1 and empty values", () => {
    const filters = { status: "failed" as const, q: "invoice", phone: "", page: 1 };
    const search = callFiltersToSearch(filters);
    expect(search).toBe("status=failed&q=invoice");
    expect(parseCallFilters(new URLSearchParams(search))).toMatchObject({ status: "failed", q: "invoice", page: 1 });
    expect(callFiltersToSearch({ page: 4 })).toBe("page=4");
  });
});

describe("callFiltersToApiQuery", () => {
  it("turns calendar days into local-midnight instants with an exclusive end and pages into offsets", () => {
    const query = new URLSearchParams(callFiltersToApiQuery({ from: "2026-11-01", to: "2026-11-22", page: 3, status: "in-progress", phone: "+3185", q: "late" }, 25));
    expect(query.get("limit")).toBe("25");
    expect(query.get("offset")).toBe("50");
    expect(query.get("status")).toBe("in-progress");
    expect(new Date(query.get("start_date")!).getTime()).toBe(new Date(2026, 10, 1).getTime());
    expect(new Date(query.get("end_date")!).getTime()).toBe(new Date(2026, 10, 23).getTime());
    expect(query.get("phone_number")).toBe("+3185");
    expect(query.get("q")).toBe("late");
    expect(query.has("type")).toBe(false);
    expect(query.has("assistant_id")).toBe(false);
  });
});

describe("pageRange", () => {
  it("describes the current page of the total", () => {
    expect(pageRange(2, 112, 25)).toEqual({ pages: 5, first: 26, last: 50, hasPrevious: true, hasNext: true });
    expect(pageRange(5, 112, 25)).toMatchObject({ first: 101, last: 112, hasNext: false });
    expect(pageRange(1, 0, 25)).toEqual({ pages: 1, first: 0, last: 0, hasPrevious: false, hasNext: false });
  });
});
