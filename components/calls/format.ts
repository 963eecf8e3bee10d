export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "—";
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m}m ${s}s` : `${s}s`;
}

export const statusTone = (status: string) =>
  (({ ended: "green", transferred: "green", failed: "red", "in-progress": "blue", connecting: "amber", dialing: "amber", ringing: "amber" }) as const)[status as "ended"] ?? "slate";

/**
 * Who called whom on a phone call (null on web calls): inbound, the caller's number to ours;
 * outbound, our number (the caller ID) to the callee's. caller_phone is the remote party either way.
 */
export function callParties(call: { type: string; caller_phone: string | null; assistant_phone: string | null }): { from: string; to: string } | null {
  if (call.type === "web") return null;
  const remote = call.caller_phone ?? "—";
  const ours = call.assistant_phone ?? "—";
  return call.type === "outbound" ? { from: ours, to: remote } : { from: remote, to: ours };
}

export const directionLabel = (type: string) => (({ web: "Web", inbound: "Inbound", outbound: "Outbound" }) as const)[type as "web"] ?? type;

// End reasons worth a plain word in the portal; the rest show as they are.
const END_REASON_LABELS: Record<string, string> = {
  busy: "Busy",
  no_answer: "No answer",
  rejected: "Rejected",
  dial_failed: "Could not dial",
};

export const endReasonLabel = (reason: string | null) => (reason === null ? "—" : (END_REASON_LABELS[reason] ?? reason));
