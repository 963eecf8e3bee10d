import type { AttemptOutcome, LeadStatus, RetryDelays } from "@/lib/schemas/campaign";

// The dialer's decisions, pure: what an ended call means for its lead, when the lead may be
// tried again, how long pacing waits, when the failure-rate rail trips. lib/campaigns/dialer.ts
// applies them to the database.

export interface EndedCall {
  status: "connecting" | "dialing" | "ringing" | "in_progress" | "ended" | "failed" | "transferred";
  endReason: string | null;
  /** When the callee answered (the call went in progress); null when it never did. */
  startedAt: Date | null;
}

const NO_ANSWER = new Set(["no_answer", "no-answer", "not_answered", "unanswered", "ring_timeout", "timeout", "sip_no_answer", "callee_no_answer", "no_participant"]);
const BUSY = new Set(["busy", "user_busy", "sip_busy", "callee_busy"]);
const VOICEMAIL = new Set(["voicemail", "voicemail_detected", "machine_detected", "answering_machine"]);
// A declined call is retried like an unanswered one (the callee may take a later call).
const REJECTED = new Set(["rejected", "declined", "callee_rejected", "sip_rejected"]);

/** The outcome of one attempt from its call, or null while the call is not over. */
export function outcomeOfCall(call: EndedCall): AttemptOutcome | null {
  if (call.status === "transferred") return "transferred";
  if (call.status !== "ended" && call.status !== "failed") return null;
  const reason = (call.endReason ?? "").toLowerCase();
  if (reason === "transferred") return "transferred";
  if (VOICEMAIL.has(reason)) return "voicemail";
  if (BUSY.has(reason)) return "busy";
  if (REJECTED.has(reason)) return "no_answer";
  if (NO_ANSWER.has(reason)) return call.startedAt && reason === "no_participant" ? "answered" : "no_answer";
  if (call.status === "failed") return "failed";
  return call.startedAt ? "answered" : "no_answer";
}

export interface AttemptContext {
  /** Attempts made, this one included. */
  attempts: number;
  maxAttempts: number;
  retryDelays: RetryDelays;
  voicemailAction: "hang_up" | "leave_message" | "retry";
  now: Date;
}

/** The lead's status after an attempt, and when it may be tried again (pending leads only). */
export function leadAfterAttempt(outcome: AttemptOutcome, context: AttemptContext): { status: LeadStatus; nextAttemptAt: Date | null } {
  const done = { status: "completed" as const, nextAttemptAt: null };
  if (outcome === "answered" || outcome === "transferred") return done;
  if (outcome === "voicemail" && context.voicemailAction !== "retry") return done;
  const retryOutcome = outcome === "voicemail" ? "voicemail" : outcome;
  if (context.attempts >= context.maxAttempts) {
    return { status: outcome === "failed" ? "failed" : "no_answer", nextAttemptAt: null };
  }
  return { status: "pending", nextAttemptAt: new Date(context.now.getTime() + context.retryDelays[retryOutcome] * 60_000) };
}

/** Milliseconds until the next dial may start: calls are spaced 1/cps apart, never bursting. */
export function paceWait(lastDialAt: Date | null, callsPerSecond: number, now: Date): number {
  if (!lastDialAt) return 0;
  const interval = 1000 / callsPerSecond;
  return Math.max(0, Math.ceil(lastDialAt.getTime() + interval - now.getTime()));
}

/** Whether the last `window` finished attempts fail at `rate` or more (a dead trunk, say). */
export function isFailureRateTripped(recentOutcomes: readonly (string | null)[], rate: number | null, window: number): boolean {
  if (rate === null) return false;
  const finished = recentOutcomes.filter((o): o is string => o !== null && o !== "released").slice(0, window);
  if (finished.length < window) return false;
  return finished.filter((o) => o === "failed").length / window >= rate;
}

/** {{variable}} placeholders filled from the lead; unknown ones are left empty. */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => values[name] ?? "");
}
