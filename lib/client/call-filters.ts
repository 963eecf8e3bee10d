import { CALL_STATUSES, CALL_TYPES } from "@/lib/schemas/call";

// The call log's filters as they live in the portal's URL (?status=ended&from=2026-11-01&page=2)
// and their translation into a GET /api/v1/calls query. Dates in the URL are calendar days
// in the viewer's time zone; the API takes instants, so "to" becomes the next local midnight
// (the API's end_date is exclusive: "created before").

export const CALLS_PAGE_SIZE = 25;

export type CallStatus = (typeof CALL_STATUSES)[number];
export type CallType = (typeof CALL_TYPES)[number];

export interface CallFilters {
  status?: CallStatus;
  type?: CallType;
  assistantId?: string;
  from?: string; // YYYY-MM-DD
  to?: string; // YYYY-MM-DD
  phone?: string;
  q?: string;
  page: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined =>
  v !== null && (values as readonly string[]).includes(v) ? (v as T) : undefined;
const text = (v: string | null) => (v && v.trim() ? v.trim() : undefined);
const day = (v: string | null) => (v && DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00`)) ? v : undefined);

/** Reads the filters from the URL; unknown or malformed values are ignored rather than sent. */
export function parseCallFilters(params: URLSearchParams): CallFilters {
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  const assistantId = params.get("assistant_id");
  return {
    status: oneOf(CALL_STATUSES, params.get("status")),
    type: oneOf(CALL_TYPES, params.get("type")),
    assistantId: assistantId && UUID.test(assistantId) ? assistantId : undefined,
    from: day(params.get("from")),
    to: day(params.get("to")),
    phone: text(params.get("phone")),
    q: text(params.get("q")),
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/** The portal URL's query string for these filters (empty values and page 1 left out). */
export function callFiltersToSearch(filters: Partial<CallFilters>): string {
  const p = new URLSearchParams();
  if (filters.status) p.set("status", filters.status);
  if (filters.type) p.set("type", filters.type);
  if (filters.assistantId) p.set("assistant_id", filters.assistantId);
  if (filters.from) p.set("from", filters.from);
  if (filters.to) p.set("to", filters.to);
  if (filters.phone?.trim()) p.set("phone", filters.phone.trim());
  if (filters.q?.trim()) p.set("q", filters.q.trim());
  if (filters.page && filters.page > 1) p.set("page", String(filters.page));
  return p.toString();
}

const localMidnight = (d: string, plusDays = 0) => {
  const [y, m, dd] = d.split("-").map(Number) as [number, number, number];
  return new Date(y, m - 1, dd + plusDays).toISOString();
};

/** The GET /api/v1/calls query string for these filters. */
export function callFiltersToApiQuery(filters: CallFilters, pageSize = CALLS_PAGE_SIZE): string {
  const p = new URLSearchParams({ limit: String(pageSize), offset: String((filters.page - 1) * pageSize) });
  if (filters.status) p.set("status", filters.status);
  if (filters.type) p.set("type", filters.type);
  if (filters.assistantId) p.set("assistant_id", filters.assistantId);
  if (filters.from) p.set("start_date", localMidnight(filters.from));
  if (filters.to) p.set("end_date", localMidnight(filters.to, 1));
  if (filters.phone) p.set("phone_number", filters.phone);
  if (filters.q) p.set("q", filters.q);
  return p.toString();
}

export const hasActiveFilters = (f: CallFilters) =>
  Boolean(f.status || f.type || f.assistantId || f.from || f.to || f.phone || f.q);

/** "26–50 of 112" style range for the pager. */
export function pageRange(page: number, total: number, pageSize = CALLS_PAGE_SIZE) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return { pages, first, last, hasPrevious: page > 1, hasNext: page < pages };
}
