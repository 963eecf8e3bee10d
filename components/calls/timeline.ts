import type { ToolCallRecord, TranscriptTurn } from "@/lib/schemas/call";

// The call as one conversation: transcript turns and tool calls in time order, each with its
// offset from the call start (which is also where the recording starts).

export type TimelineEntry =
  | { kind: "message"; key: string; index: number; role: TranscriptTurn["role"]; type?: TranscriptTurn["type"]; content: string; startMs: number | null; endMs: number | null }
  | { kind: "tool"; key: string; tool: ToolCallRecord; startMs: number | null; durationMs: number | null };

const ms = (iso: string | null | undefined) => {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
};
const offset = (iso: string | null | undefined, start: number | null) => {
  const t = ms(iso);
  return t === null || start === null ? null : Math.max(0, t - start);
};

/**
 * Transcript order is authoritative (the worker writes turns in the order they happened, and a
 * turn may lack timestamps); each tool call goes right before the first turn that started after
 * it, or at the end.
 */
export function buildTimeline(messages: TranscriptTurn[], toolCalls: ToolCallRecord[], callStartedAt: string | null): TimelineEntry[] {
  const start = ms(callStartedAt);
  const entries: TimelineEntry[] = [];
  const tools = toolCalls
    .map((tool, i) => ({ tool, i, at: ms(tool.started_at) }))
    .sort((a, b) => (a.at ?? Infinity) - (b.at ?? Infinity) || a.i - b.i);
  let next = 0;
  const pushTool = ({ tool, i }: (typeof tools)[number]) => {
    const began = ms(tool.started_at);
    const ended = ms(tool.ended_at);
    entries.push({
      kind: "tool",
      key: `tool-${tool.id}-${i}`,
      tool,
      startMs: offset(tool.started_at, start),
      durationMs: began !== null && ended !== null ? Math.max(0, ended - began) : null,
    });
  };
  messages.forEach((m, index) => {
    const at = ms(m.started_at);
    while (at !== null && next < tools.length && (tools[next]!.at ?? Infinity) <= at) pushTool(tools[next++]!);
    entries.push({ kind: "message", key: `msg-${index}`, index, role: m.role, ...(m.type ? { type: m.type } : {}), content: m.content, startMs: offset(m.started_at, start), endMs: offset(m.ended_at, start) });
  });
  while (next < tools.length) pushTool(tools[next++]!);
  return entries;
}

/**
 * The message being spoken at `positionMs` of the recording: it started at or before the
 * position and has not ended yet (a turn without an end lasts until the next one starts).
 * Returns the message's transcript index, or null in a pause.
 */
export function activeMessageAt(entries: TimelineEntry[], positionMs: number): number | null {
  const messages = entries.filter((e): e is Extract<TimelineEntry, { kind: "message" }> => e.kind === "message" && e.startMs !== null);
  let active: number | null = null;
  messages.forEach((m, i) => {
    const end = m.endMs ?? messages[i + 1]?.startMs ?? Infinity;
    if (m.startMs! <= positionMs && positionMs < Math.max(end, m.startMs! + 1)) active = m.index;
  });
  return active;
}

/** m:ss (or h:mm:ss) for an offset in milliseconds. */
export function formatOffset(offsetMs: number | null): string {
  if (offsetMs === null) return "";
  const total = Math.floor(offsetMs / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}
