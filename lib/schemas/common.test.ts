import { describe, expect, it } from "vitest";
import { callListQuerySchema } from "./call";
import { usageQuerySchema } from "./usage";

describe("date filters (/calls, /usage)", () => {
  it("take a day (YYYY-MM-DD, UTC) inclusively: start from its 00:00, end up to the next day's 00:00", () => {
    for (const schema of [callListQuerySchema, usageQuerySchema]) {
      const q = schema.parse({ start_date: "2026-01-31", end_date: "2026-01-31" });
      expect(q.start_date).toBe("2026-01-31T00:00:00.000Z");
      expect(q.end_date).toBe("2026-02-01T00:00:00.000Z");
    }
  });

  it("still take full date-times unchanged, and refuse anything else naming the param", () => {
    expect(callListQuerySchema.parse({ start_date: "2026-01-31T10:00:00+01:00" }).start_date).toBe("2026-01-31T10:00:00+01:00");
    for (const bad of ["2026-13-01", "31-01-2026", "yesterday", "2026-01-31T25:00:00Z"]) {
      const result = usageQuerySchema.safeParse({ end_date: bad });
      expect(result.success, bad).toBe(false);
      expect(result.error!.issues[0]!.path).toEqual(["end_date"]);
    }
  });

  it("compare the days they cover: an end_date day before the start day is refused", () => {
    expect(usageQuerySchema.safeParse({ start_date: "2026-02-01", end_date: "2026-01-30" }).success).toBe(false);
  });
});
