export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "—";
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m}m ${s}s` : `${s}s`;
}

export const statusTone = (status: string) =>
  (({ ended: "green", transferred: "green", failed: "red", "in-progress": "blue", connecting: "amber" }) as const)[status as "ended"] ?? "slate";
