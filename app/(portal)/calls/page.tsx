import { Suspense } from "react";
import { CallLog } from "@/components/calls/call-log";

export default function CallsPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Call log</h1>
      <Suspense fallback={<p className="text-sm text-slate-500">Loading calls…</p>}>
        <CallLog />
      </Suspense>
    </div>
  );
}
