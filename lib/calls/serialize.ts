import "server-only";
import { z } from "zod";
import type { Call as CallRow, UsageRecord } from "@/lib/generated/prisma/client";
import {
  callSchema,
  failoverSchema,
  toolCallRecordSchema,
  transcriptTurnSchema,
  turnTimingSchema,
  type Call,
} from "@/lib/schemas/call";
import { recordingUrlFor } from "@/lib/recordings/recordings";

const publicStatus = { connecting: "connecting", dialing: "dialing", ringing: "ringing", in_progress: "in-progress", ended: "ended", failed: "failed", transferred: "transferred" } as const;

// Stored JSON columns are written by the app from validated input; a row from an older
// version that no longer parses shows as empty rather than failing the whole response.
const listOf = <T extends z.ZodType>(schema: T) => z.array(schema).catch([]);
const record = z.record(z.string(), z.unknown());

export type CallRowForSerialize = CallRow & {
  assistant?: { name: string; businessName?: string | null } | null;
  usageRecords?: UsageRecord[];
};

export interface SerializeCallOptions {
  /** The recording's URL when the call has one; default: a fresh signed URL (lib/recordings). */
  recordingUrl?: string | null;
}

export function serializeCall(row: CallRowForSerialize, options: SerializeCallOptions = {}): Call {
  const snapshot = (row.assistantSnapshot ?? {}) as { name?: unknown; business_name?: unknown };
  const name = row.assistant?.name ?? (typeof snapshot.name === "string" ? snapshot.name : null);
  const businessName =
    row.assistant?.businessName ?? (typeof snapshot.business_name === "string" ? snapshot.business_name : null);
  return callSchema.parse({
    id: row.id,
    assistant_id: row.assistantId,
    agent_id: row.assistantId,
    assistant_name: name,
    agent_name: name,
    business_name: businessName,
    type: row.type,
    direction: row.type,
    status: publicStatus[row.status],
    room_name: row.roomName,
    // HMS's SDK types both as strings: a phone call always has them ("" when the number was withheld).
    caller_phone: row.type === "web" ? row.callerPhone : (row.callerPhone ?? ""),
    assistant_phone: row.type === "web" ? row.assistantPhone : (row.assistantPhone ?? ""),
    phone_number: row.callerPhone,
    end_reason: row.endReason,
    transfer_destination: row.transferDestination,
    error: row.error,
    started_at: row.startedAt?.toISOString() ?? null,
    ended_at: row.endedAt?.toISOString() ?? null,
    duration_seconds: row.durationSeconds,
    messages: listOf(transcriptTurnSchema).parse(row.transcript),
    tool_calls: listOf(toolCallRecordSchema).parse(row.toolCalls),
    metadata: record.catch({}).parse(row.metadata),
    summary: row.summary,
    analysis_result: record.nullable().catch(null).parse(row.analysis ?? null),
    analysis_status: row.analysisStatus,
    analysis_error: row.analysisError,
    recording_url: row.recordingKey ? (options.recordingUrl ?? recordingUrlFor(row)) : null,
    timings: listOf(turnTimingSchema).parse(row.timings),
    failovers: listOf(failoverSchema).parse(row.failovers),
    cost: row.cost === null ? null : Number(row.cost),
    cost_breakdown: (row.usageRecords ?? []).map((u) => ({
      kind: u.kind,
      provider: u.provider,
      model: u.model,
      quantity: Number(u.quantity),
      unit_price: Number(u.unitPrice),
      cost: Number(u.cost),
    })),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  });
}
