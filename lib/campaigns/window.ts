import { getCountry, getTimezone } from "countries-and-timezones";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";

// When a campaign may dial: a daily window of wall-clock times in a timezone, on some ISO
// weekdays, between optional start and end dates. Pure (the clock is an argument), so the
// dialer, the API's next_window_at and the tests share one reading of it.
//
// A window whose end is before its start crosses midnight: it belongs to the day it opens
// on (a Friday 22:00–02:00 window runs into Saturday morning, a Saturday one does not
// exist when Saturday is not a calling day). Times are wall-clock times: on a DST change
// day the window keeps its local hours, and a start inside the spring-forward gap opens
// at the first instant after the gap.

export interface CallWindow {
  /** "HH:MM:SS" */
  startTime: string;
  /** "HH:MM:SS"; before startTime: crosses midnight. */
  endTime: string;
  /** IANA timezone of the window (the campaign's). */
  timezone: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  daysOfWeek: readonly number[];
  /** "YYYY-MM-DD" in the window's timezone, inclusive. */
  startDate?: string | null;
  endDate?: string | null;
}

interface LocalTime {
  date: string; // YYYY-MM-DD
  seconds: number; // since local midnight
  weekday: number; // 1..7
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      weekday: "short",
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The wall-clock date, time and weekday of an instant in a timezone. */
export function localTimeOf(at: Date, zone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatterOf(zone).formatToParts(at)) parts[part.type] = part.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    seconds: Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second),
    weekday: WEEKDAYS[parts.weekday!]!,
  };
}

export const secondsOfClock = (time: string) => {
  const [h, m, s] = time.split(":").map(Number);
  return h! * 3600 + m! * 60 + (s ?? 0);
};

const DAY_MS = 86_400_000;
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const weekdayOfDate = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** Offset of the zone from UTC at an instant, in ms (local = utc + offset). */
function offsetAt(at: number, zone: string): number {
  const local = localTimeOf(new Date(at), zone);
  const asUtc = Date.parse(`${local.date}T00:00:00Z`) + local.seconds * 1000;
  return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * The instant a wall-clock time occurs in a zone: the first one when it occurs twice (the
 * autumn overlap), the end of the gap when it does not occur (spring forward).
 */
export function instantOf(date: string, seconds: number, zone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`) + seconds * 1000;
  const candidates = [...new Set([offsetAt(wall - 14 * 3600_000, zone), offsetAt(wall, zone), offsetAt(wall + 14 * 3600_000, zone)])]
    .map((offset) => wall - offset)
    .sort((a, b) => a - b);
  for (const candidate of candidates) {
    const local = localTimeOf(new Date(candidate), zone);
    if (local.date === date && local.seconds === seconds) return new Date(candidate);
  }
  // In the gap: the first instant whose wall clock is at or after the wanted time.
  let low = candidates[0]!;
  let high = candidates[candidates.length - 1]!;
  const after = (t: number) => {
    const local = localTimeOf(new Date(t), zone);
    return local.date > date || (local.date === date && local.seconds >= seconds);
  };
  while (high - low > 1000) {
    const mid = Math.floor((low + high) / 2000) * 1000;
    if (after(mid)) high = mid;
    else low = mid;
  }
  return new Date(high);
}

const dayAllowed = (window: CallWindow, date: string) =>
  window.daysOfWeek.includes(weekdayOfDate(date)) && (!window.startDate || date >= window.startDate) && (!window.endDate || date <= window.endDate);

/** Whether a call may start at `at`, in `zone` (the window's own timezone unless a lead's is given). */
export function isInsideWindow(window: CallWindow, at: Date, zone: string = window.timezone): boolean {
  const local = localTimeOf(at, zone);
  const start = secondsOfClock(window.startTime);
  const end = secondsOfClock(window.endTime);
  if (start < end) return local.seconds >= start && local.seconds < end && dayAllowed(window, local.date);
  // Crosses midnight: the evening part belongs to today, the morning part to yesterday.
  if (local.seconds >= start) return dayAllowed(window, local.date);
  if (local.seconds < end) return dayAllowed(window, addDays(local.date, -1));
  return false;
}

/**
 * When the window is next open at or after `from` in `zone`: `from` itself when it is open
 * now, null when it never opens again (past the end date, or no calling day).
 */
export function nextWindowOpening(window: CallWindow, from: Date, zone: string = window.timezone): Date | null {
  if (isInsideWindow(window, from, zone)) return from;
  const today = localTimeOf(from, zone).date;
  const start = secondsOfClock(window.startTime);
  // A week covers every weekday; one more day covers an opening later today.
  for (let day = 0; day <= 8; day++) {
    const date = addDays(today, day);
    if (window.endDate && date > window.endDate) return null;
    if (!dayAllowed(window, date)) continue;
    const opening = instantOf(date, start, zone);
    if (opening.getTime() >= from.getTime()) return opening;
  }
  if (window.startDate && window.startDate > addDays(today, 8)) return instantOf(firstAllowedFrom(window, window.startDate), start, zone);
  return null;
}

function firstAllowedFrom(window: CallWindow, date: string): string {
  for (let day = 0; day < 7; day++) if (dayAllowed(window, addDays(date, day))) return addDays(date, day);
  return date;
}

/** Whether the window can still open at or after `from` (false: past the end date in every zone). */
export function hasWindowLeft(window: CallWindow, from: Date): boolean {
  if (!window.endDate) return window.daysOfWeek.length > 0;
  // The latest zone on Earth is UTC-12; a window's end date there is behind all others.
  return localTimeOf(from, "Etc/GMT+12").date <= addDays(window.endDate, 1);
}

/**
 * A lead's timezone: its own when set, else the one its number's country is in, when that
 * country keeps one time (countries spanning several zones, such as the US, fall back).
 */
export function timezoneOfLead(lead: { timezone?: string | null; phoneNumber: string }, fallback: string): string {
  if (lead.timezone) return lead.timezone;
  return timezoneOfNumber(lead.phoneNumber) ?? fallback;
}

const countryZones = new Map<string, string | null>();
export function timezoneOfNumber(phoneNumber: string): string | null {
  const country = parsePhoneNumberFromString(phoneNumber)?.country;
  if (!country) return null;
  if (countryZones.has(country)) return countryZones.get(country)!;
  const zones = getCountry(country)?.timezones ?? [];
  const rules = new Set(zones.map((zone) => { const tz = getTimezone(zone); return tz ? `${tz.utcOffset}/${tz.dstOffset}` : zone; }));
  const zone = rules.size === 1 ? zones[0]! : null;
  countryZones.set(country, zone);
  return zone;
}
