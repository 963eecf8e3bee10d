import { describe, expect, it } from "vitest";
import { e164Schema, normaliseE164 } from "./phone";

describe("E.164 phone numbers", () => {
  it("normalises formatting and keeps valid numbers", () => {
    expect(e164Schema.parse("+31 20 123 4567")).toBe("+31201234567");
    expect(e164Schema.parse(" +1 (415) 555-2671 ")).toBe("+14155552671");
    expect(normaliseE164("+442071838750")).toBe("+442071838750");
  });

  it("refuses national formats and numbers that cannot exist", () => {
    const national = e164Schema.safeParse("020 123 4567");
    expect(national.success).toBe(false);
    expect(national.error?.issues[0]?.message).toMatch(/E\.164/);
    const impossible = e164Schema.safeParse("+3112");
    expect(impossible.success).toBe(false);
    expect(impossible.error?.issues[0]?.message).toMatch(/not a valid phone number/);
    expect(e164Schema.safeParse("").success).toBe(false);
  });
});
