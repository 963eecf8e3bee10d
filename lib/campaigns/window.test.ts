import { describe, expect, it } from "vitest";
import { hasWindowLeft, instantOf, isInsideWindow, localTimeOf, nextWindowOpening, timezoneOfLead, timezoneOfNumber, type CallWindow } from "./window";

const weekdays: CallWindow = { startTime: "09:00:00", endTime: "17:00:00", timezone: "Europe/Amsterdam", daysOfWeek: [1, 2, 3, 4, 5] };
const at = (iso: string) => new Date(iso);

describe("isInsideWindow", () => {
  it("opens at the start, closes at the end, on calling days only", () => {
    // 2026-12-01 is a Tuesday; Amsterdam is UTC+1 in winter.
    expect(isInsideWindow(weekdays, at("2026-12-01T07:59:59Z"))).toBe(false);
    expect(isInsideWindow(weekdays, at("2026-12-01T08:00:00Z"))).toBe(true);
    expect(isInsideWindow(weekdays, at("2026-12-01T15:59:59Z"))).toBe(true);
    expect(isInsideWindow(weekdays, at("2026-12-01T16:00:00Z"))).toBe(false);
    // Saturday 2026-12-05, noon.
    expect(isInsideWindow(weekdays, at("2026-12-05T11:00:00Z"))).toBe(false);
  });

  it("reads a window crossing midnight as belonging to the day it opens", () => {
    const nights: CallWindow = { startTime: "22:00:00", endTime: "02:00:00", timezone: "UTC", daysOfWeek: [5] };
    expect(isInsideWindow(nights, at("2026-12-04T22:00:00Z"))).toBe(true); // Friday evening
    expect(isInsideWindow(nights, at("2026-12-05T01:59:00Z"))).toBe(true); // Saturday, Friday's window
    expect(isInsideWindow(nights, at("2026-12-05T02:00:00Z"))).toBe(false);
    expect(isInsideWindow(nights, at("2026-12-05T23:00:00Z"))).toBe(false); // Saturday evening
    expect(isInsideWindow(nights, at("2026-12-04T01:00:00Z"))).toBe(false); // Friday morning: Thursday's window
    expect(isInsideWindow(nights, at("2026-12-04T12:00:00Z"))).toBe(false);
  });

  it("honours start and end dates in the window's timezone", () => {
    const dated: CallWindow = { ...weekdays, startDate: "2026-12-02", endDate: "2026-12-03" };
    expect(isInsideWindow(dated, at("2026-12-01T10:00:00Z"))).toBe(false);
    expect(isInsideWindow(dated, at("2026-12-02T10:00:00Z"))).toBe(true);
    expect(isInsideWindow(dated, at("2026-12-03T10:00:00Z"))).toBe(true);
    expect(isInsideWindow(dated, at("2026-12-04T10:00:00Z"))).toBe(false);
    expect(hasWindowLeft(dated, at("2026-12-03T10:00:00Z"))).toBe(true);
    expect(hasWindowLeft(dated, at("2026-12-06T10:00:00Z"))).toBe(false);
  });

  it("keeps leads in three timezones inside their own local window at one instant", () => {
    const window: CallWindow = { ...weekdays, timezone: "Europe/London" };
    const instant = at("2026-12-01T14:00:00Z"); // London 14:00, New York 09:00, Tokyo 23:00
    expect(isInsideWindow(window, instant, "Europe/London")).toBe(true);
    expect(isInsideWindow(window, instant, "America/New_York")).toBe(true);
    expect(isInsideWindow(window, instant, "Asia/Tokyo")).toBe(false);
    const earlier = at("2026-12-01T13:59:00Z"); // New York 08:59
    expect(isInsideWindow(window, earlier, "America/New_York")).toBe(false);
    const tokyoMorning = at("2026-12-01T00:30:00Z"); // Tokyo 09:30 Tuesday
    expect(isInsideWindow(window, tokyoMorning, "Asia/Tokyo")).toBe(true);
    expect(isInsideWindow(window, tokyoMorning, "Europe/London")).toBe(false);
  });

  it("keeps wall-clock hours across the DST change (US spring forward, EU autumn back)", () => {
    const newYork: CallWindow = { ...weekdays, timezone: "America/New_York" };
    // Friday 2026-03-06 EST (UTC-5): 13:30Z is 08:30; Monday 2026-03-09 EDT (UTC-4): 09:30.
    expect(isInsideWindow(newYork, at("2026-03-06T13:30:00Z"))).toBe(false);
    expect(isInsideWindow(newYork, at("2026-03-09T13:30:00Z"))).toBe(true);
    // Amsterdam goes back on Sunday 2026-10-25; Monday 26th 09:00 CET is 08:00Z.
    expect(isInsideWindow(weekdays, at("2026-10-23T07:00:00Z"))).toBe(true); // Friday 09:00 CEST
    expect(isInsideWindow(weekdays, at("2026-10-26T07:30:00Z"))).toBe(false); // Monday 08:30 CET
    expect(isInsideWindow(weekdays, at("2026-10-26T08:00:00Z"))).toBe(true);
  });
});

describe("nextWindowOpening", () => {
  it("is now when open, else the next calling day's start", () => {
    const open = at("2026-12-01T10:00:00Z");
    expect(nextWindowOpening(weekdays, open)).toBe(open);
    // Friday 2026-12-04 18:00 local → Monday 2026-12-07 09:00 local.
    expect(nextWindowOpening(weekdays, at("2026-12-04T17:00:00Z"))?.toISOString()).toBe("2026-12-07T08:00:00.000Z");
    // Early Tuesday → the same day.
    expect(nextWindowOpening(weekdays, at("2026-12-01T05:00:00Z"))?.toISOString()).toBe("2026-12-01T08:00:00.000Z");
  });

  it("is null past the end date, and waits for a start date far ahead", () => {
    expect(nextWindowOpening({ ...weekdays, endDate: "2026-12-04" }, at("2026-12-04T17:00:00Z"))).toBeNull();
    expect(nextWindowOpening({ ...weekdays, startDate: "2027-02-01" }, at("2026-12-01T10:00:00Z"))?.toISOString()).toBe("2027-02-01T08:00:00.000Z");
  });

  it("opens a start inside the spring-forward gap at the gap's end, and the first of a repeated hour", () => {
    const sunday: CallWindow = { startTime: "02:30:00", endTime: "04:00:00", timezone: "Europe/Amsterdam", daysOfWeek: [7] };
    // 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00Z).
    const opening = nextWindowOpening(sunday, at("2026-03-28T12:00:00Z"));
    expect(opening?.toISOString()).toBe("2026-03-29T01:00:00.000Z");
    expect(isInsideWindow(sunday, at("2026-03-29T00:59:59Z"))).toBe(false);
    expect(isInsideWindow(sunday, opening!)).toBe(true);
    // 2026-10-25: 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET); the first counts.
    expect(instantOf("2026-10-25", 2.5 * 3600, "Europe/Amsterdam").toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(nextWindowOpening(sunday, at("2026-10-24T12:00:00Z"))?.toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  it("opens a lead's window in the lead's zone", () => {
    // Tuesday 2026-12-01 06:00Z: London closed; New York opens at 14:00Z.
    expect(nextWindowOpening(weekdays, at("2026-12-01T06:00:00Z"), "America/New_York")?.toISOString()).toBe("2026-12-01T14:00:00.000Z");
  });
});

describe("lead timezones", () => {
  it("takes the lead's own zone, else its number's country when that keeps one time", () => {
    expect(timezoneOfLead({ timezone: "Asia/Tokyo", phoneNumber: "+31201234567" }, "UTC")).toBe("Asia/Tokyo");
    expect(timezoneOfNumber("+81312345678")).toBe("Asia/Tokyo");
    const dutch = timezoneOfNumber("+31201234567");
    expect(dutch).not.toBeNull();
    for (const instant of ["2026-01-15T12:00:00Z", "2026-07-15T12:00:00Z"]) {
      expect(localTimeOf(at(instant), dutch!)).toEqual(localTimeOf(at(instant), "Europe/Amsterdam"));
    }
    // The US spans several zones: the campaign's applies.
    expect(timezoneOfNumber("+12125550123")).toBeNull();
    expect(timezoneOfLead({ phoneNumber: "+12125550123" }, "America/Chicago")).toBe("America/Chicago");
  });
});
