import { CallsTable } from "@/components/calls/calls-list";

export default function CallsPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Call log</h1>
      <CallsTable />
    </div>
  );
}
