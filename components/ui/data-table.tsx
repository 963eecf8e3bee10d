"use client";
import type { ReactNode } from "react";
import { ErrorBanner } from "@/components/ui/primitives";

// The portal's resource tables: one header/body scaffold, and the loading, error and empty
// states of the query that feeds it.

export function DataTable({ testId, columns, hasActions, children }: { testId: string; columns: string[]; hasActions: boolean; children: ReactNode }) {
  return (
    <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid={testId}>
      <thead className="text-left text-xs font-semibold uppercase text-slate-500">
        <tr>
          {columns.map((c) => <th key={c} className="py-2 pr-4">{c}</th>)}
          {hasActions && <th className="py-2"><span className="sr-only">Actions</span></th>}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">{children}</tbody>
    </table>
  );
}

/** What to show instead of the table while its list loads, fails or is empty; null when there are rows. */
export function listState(query: { isPending: boolean; error: Error | null }, items: unknown[] | undefined, noun: string): ReactNode | null {
  if (query.isPending) return <p className="text-sm text-slate-500">Loading {noun}…</p>;
  if (query.error) return <ErrorBanner message={query.error.message} />;
  if (!items || items.length === 0) return <p className="text-sm text-slate-600">No {noun} yet.</p>;
  return null;
}
