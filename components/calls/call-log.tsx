"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { assistantQueries } from "@/lib/client/api";
import { callLogQueries } from "@/lib/client/calls";
import { isLiveCallStatus, CALL_STATUSES, CALL_TYPES } from "@/lib/schemas/call";
import { Button, Card, ErrorBanner, Input, Select } from "@/components/ui/primitives";
import { CallRows } from "@/components/calls/calls-list";
import { callFiltersToSearch, hasActiveFilters, pageRange, parseCallFilters, type CallFilters } from "@/lib/client/call-filters";

const labelClass = "block text-xs font-semibold uppercase tracking-wide text-slate-500";

/** The call log: filters and search kept in the URL, paginated. */
export function CallLog() {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams().toString();
  // The URL is the source of truth, but router.replace lands asynchronously: two quick changes
  // (From, then To) must build on each other, not on the URL of the last render.
  const [filters, setFilters] = useState(() => parseCallFilters(new URLSearchParams(search)));
  const latest = useRef(filters);
  const pendingQuery = useRef<string | null>(null);
  useEffect(() => {
    // An older replace landing after a newer change is skipped.
    if (pendingQuery.current !== null && pendingQuery.current !== search) return;
    pendingQuery.current = null;
    const fromUrl = parseCallFilters(new URLSearchParams(search));
    latest.current = fromUrl;
    setFilters(fromUrl);
  }, [search]);
  const assistants = useQuery(assistantQueries.list());
  const { data, error, isPending, isFetching, isPlaceholderData, refetch } = useQuery({
    ...callLogQueries.list(filters),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.calls.some((c) => isLiveCallStatus(c.status)) ? 3_000 : 30_000),
  });

  // Free-text fields apply on submit (Enter or Search); selects and dates at once.
  const [q, setQ] = useState(filters.q ?? "");
  const [phone, setPhone] = useState(filters.phone ?? "");
  useEffect(() => setQ(filters.q ?? ""), [filters.q]);
  useEffect(() => setPhone(filters.phone ?? ""), [filters.phone]);

  const apply = (change: Partial<CallFilters>) => {
    const next = { ...latest.current, page: 1, ...change };
    latest.current = next;
    setFilters(next);
    const query = callFiltersToSearch(next);
    pendingQuery.current = query === search ? null : query;
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    apply({ q, phone });
  };

  const range = data ? pageRange(filters.page, data.pagination.total) : null;
  const filtered = hasActiveFilters(filters);

  return (
    <div className="space-y-4">
      <Card>
        <form onSubmit={onSearch} role="search" aria-label="Filter calls" className="space-y-4" data-testid="call-filters">
          <div className="flex gap-2">
            <label htmlFor="calls-q" className="sr-only">Search calls</label>
            <Input id="calls-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Search transcripts, summaries, assistants, end reasons…" className="mt-0!" />
            <Button type="submit">Search</Button>
          </div>
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-6">
            <div>
              <label htmlFor="calls-status" className={labelClass}>Status</label>
              <Select id="calls-status" value={filters.status ?? ""} onChange={(e) => apply({ status: (e.target.value || undefined) as CallFilters["status"] })}>
                <option value="">Any status</option>
                {CALL_STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
              </Select>
            </div>
            <div>
              <label htmlFor="calls-type" className={labelClass}>Type</label>
              <Select id="calls-type" value={filters.type ?? ""} onChange={(e) => apply({ type: (e.target.value || undefined) as CallFilters["type"] })}>
                <option value="">Any type</option>
                {CALL_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
              </Select>
            </div>
            <div>
              <label htmlFor="calls-assistant" className={labelClass}>Assistant</label>
              <Select id="calls-assistant" value={filters.assistantId ?? ""} onChange={(e) => apply({ assistantId: e.target.value || undefined })}>
                <option value="">Any assistant</option>
                {assistants.data?.assistants.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
              </Select>
            </div>
            <div>
              <label htmlFor="calls-from" className={labelClass}>From</label>
              <Input id="calls-from" type="date" value={filters.from ?? ""} max={filters.to} onChange={(e) => apply({ from: e.target.value || undefined })} />
            </div>
            <div>
              <label htmlFor="calls-to" className={labelClass}>To</label>
              <Input id="calls-to" type="date" value={filters.to ?? ""} min={filters.from} onChange={(e) => apply({ to: e.target.value || undefined })} />
            </div>
            <div>
              <label htmlFor="calls-phone" className={labelClass}>Phone number</label>
              <Input id="calls-phone" type="search" inputMode="tel" value={phone} onChange={(e) => setPhone(e.target.value)} placeholder="+31…" />
            </div>
          </div>
          {filtered && (
            <button type="button" className="text-sm text-brand-600 hover:underline" onClick={() => apply({ status: undefined, type: undefined, assistantId: undefined, from: undefined, to: undefined, phone: undefined, q: undefined })}>
              Clear filters
            </button>
          )}
        </form>
      </Card>

      <Card>
        <div aria-live="polite" aria-busy={isFetching} className={isPlaceholderData ? "opacity-60 transition-opacity" : undefined}>
          {isPending ? (
            <div className="space-y-2" data-testid="calls-loading">
              <span className="sr-only">Loading calls…</span>
              {Array.from({ length: 5 }, (_, i) => <div key={i} className="h-8 animate-pulse rounded bg-slate-100" />)}
            </div>
          ) : error ? (
            <div className="space-y-3">
              <ErrorBanner message={error.message} />
              <Button variant="secondary" onClick={() => void refetch()}>Try again</Button>
            </div>
          ) : data.calls.length === 0 ? (
            <div className="py-10 text-center" data-testid="calls-empty">
              <p className="font-medium text-slate-700">{filtered ? "No calls match these filters." : "No calls yet."}</p>
              <p className="mt-1 text-sm text-slate-500">
                {filtered ? "Try a wider date range or clear the filters." : "Start a test call from an assistant's page; it shows up here."}
              </p>
            </div>
          ) : (
            <CallRows calls={data.calls} />
          )}
        </div>
        {range && data && data.pagination.total > 0 && (
          <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm text-slate-600">
            <p data-testid="calls-range">
              {range.first}–{range.last} of {data.pagination.total}
            </p>
            <div className="flex gap-2">
              <Button variant="secondary" disabled={!range.hasPrevious} onClick={() => apply({ page: filters.page - 1 })}>Previous</Button>
              <Button variant="secondary" disabled={!range.hasNext} onClick={() => apply({ page: filters.page + 1 })}>Next</Button>
            </div>
          </nav>
        )}
      </Card>
    </div>
  );
}
