"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { auditLogQuery } from "@/lib/client/organizations";
import { Badge, Button, Card } from "@/components/ui/primitives";
import { DataTable, listState } from "@/components/ui/data-table";
import { formatDateTime } from "@/components/ui/format";

const PAGE = 50;

// Who did what to this organisation, newest first; acting from the parent is marked.
export function AuditLogTable() {
  const [offset, setOffset] = useState(0);
  const log = useQuery(auditLogQuery(offset));
  const entries = log.data?.entries;
  const total = log.data?.pagination.total ?? 0;
  return (
    <Card title="Changes">
      {listState(log, entries, "changes") ?? (
        <>
          <DataTable testId="audit-log-table" columns={["When", "Who", "What", "Path", "Result"]} hasActions={false}>
            {entries!.map((e) => (
              <tr key={e.id}>
                <td className="py-2 pr-4 whitespace-nowrap">{formatDateTime(e.created_at)}</td>
                <td className="py-2 pr-4">
                  {e.actor.type === "user" ? (e.actor.email ?? "Deleted user") : `API key ${e.actor.api_key_name ?? "(revoked)"}`}
                  {e.acting && <span className="ml-2"><Badge tone="amber">acting from parent</Badge></span>}
                </td>
                <td className="py-2 pr-4 font-mono text-xs">{e.operation_id}</td>
                <td className="py-2 pr-4 font-mono text-xs">{e.method} {e.path}</td>
                <td className="py-2 pr-4"><Badge tone={e.status < 400 ? "green" : "red"}>{e.status}</Badge></td>
              </tr>
            ))}
          </DataTable>
          <div className="mt-3 flex items-center gap-2 text-sm text-slate-600">
            <Button type="button" variant="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Newer</Button>
            <Button type="button" variant="secondary" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>Older</Button>
            <span>{offset + 1}–{Math.min(offset + PAGE, total)} of {total}</span>
          </div>
        </>
      )}
    </Card>
  );
}
