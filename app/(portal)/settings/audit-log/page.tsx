import { AuditLogTable } from "@/components/team/audit-log-table";

export default function AuditLogPage() {
  return (
    <div className="max-w-6xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <p className="mt-1 text-sm text-slate-600">
          Every change made to this organisation, from the portal or with an API key, including what its partner did while acting as it.
        </p>
      </div>
      <AuditLogTable />
    </div>
  );
}
