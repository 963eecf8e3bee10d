// How a call came out: its status, end reason (the contract's enum) and error text, decided
// from how the voice session closed and what the call had asked for.
import type { WorkerEndReason } from "../../lib/contract/end-reasons";
import type { Stage } from "../../lib/contract/provider-catalogue";
import type { CallEndedEvent } from "../app-client";
import { errorMessage } from "./timeouts";

export type EndReason = WorkerEndReason;

export interface CallOutcome {
  status: CallEndedEvent["status"];
  endReason: EndReason;
  error?: string;
}

/** How the voice session closed, in the terms the outcome depends on. */
export interface SessionClose {
  reason: "error" | "participant_disconnected" | "job_shutdown" | "other";
  /** The unrecoverable error that closed it; `stage` when a provider (STT, LLM, TTS) failed. */
  fatal?: { stage: Stage | undefined; cause: unknown };
}

export interface OutcomeContext {
  /** The end the call asked for before the session closed. */
  requestedEnd: EndReason | undefined;
  roomConnected: boolean;
  /** Names the failed provider ("deepgram (stt): connection refused"). */
  describeProviderFailure: (stage: Stage, cause: unknown) => Promise<string>;
}

export async function outcomeOfClose(close: SessionClose, ctx: OutcomeContext): Promise<CallOutcome> {
  if (close.fatal) {
    const { stage, cause } = close.fatal;
    if (stage) return { status: "failed", endReason: "provider_error", error: await ctx.describeProviderFailure(stage, cause) };
    return { status: "failed", endReason: "agent_error", error: errorMessage(cause) };
  }
  if (ctx.requestedEnd) return { status: "ended", endReason: ctx.requestedEnd };
  if (close.reason === "participant_disconnected") return { status: "ended", endReason: "user_hangup" };
  if (close.reason === "job_shutdown") return { status: "ended", endReason: "worker_shutdown" };
  return { status: "ended", endReason: ctx.roomConnected ? "worker_shutdown" : "room_closed" };
}
