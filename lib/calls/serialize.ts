import "server-only";
import type { Call as CallRow } from "@/lib/generated/prisma/client";
import { callSchema, transcriptTurnSchema, type Call } from "@/lib/schemas/call";
import { z } from "zod";

const publicStatus = { connecting: "connecting", in_progress: "in-progress", ended: "ended", failed: "failed" } as const;

export function serializeCall(row: CallRow & { assistant?: { name: string } | null }): Call {
  const snapshotName = (row.assistantSnapshot as { name?: unknown } | null)?.name;
  const messages = z.array(transcriptTurnSchema).catch([]).parse(row.transcript);
  return callSchema.parse({
    id: row.id,
    assistant_id: row.assistantId,
    agent_id: row.assistantId,
    assistant_name: row.assistant?.name ?? (typeof snapshotName === "string" ? snapshotName : null),
    type: row.type,
    direction: row.type,
    status: publicStatus[row.status],
    room_name: row.roomName,
    caller_phone: row.callerPhone,
    end_reason: row.endReason,
    error: row.error,
    started_at: row.startedAt?.toISOString() ?? null,
    ended_at: row.endedAt?.toISOString() ?? null,
    duration_seconds: row.durationSeconds,
    messages,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  });
}
