import { z } from "zod";

// Why a call ended: the `end_reason` of the call, of its `ended` report and of its webhooks.
// Who sets each one decides which list it is in: the worker reports WORKER_END_REASONS (and
// nothing else: the app rejects an `ended` event with another value), the app sets the others
// when the worker cannot (it never joined, vanished, or the call was refused before it ran).

/** Ended on purpose by the conversation: end_call tool, transfer, max duration, silence, call control, an answering machine. */
export const CONVERSATION_END_REASONS = [
  "assistant_ended_call",
  "transferred",
  "max_duration",
  "silence_timeout",
  "api_ended_call",
  // An outbound call reached an answering machine (voicemail_detection): the message was left, or none was set.
  "voicemail",
] as const;
export type ConversationEndReason = (typeof CONVERSATION_END_REASONS)[number];

/** The call's lifecycle as the worker sees it. */
export const LIFECYCLE_END_REASONS = [
  "user_hangup",
  "no_participant",
  "provider_error",
  "agent_error",
  "assistant_inactive",
  "room_closed",
  "worker_shutdown",
] as const;

/**
 * An outbound call that was never answered, from the SIP status of the failed INVITE (or the
 * ring timeout). The worker dials, so it reports them (dial-outcome.ts in the worker maps them).
 */
export const DIAL_END_REASONS = [
  // 486 Busy Here, 600 Busy Everywhere.
  "busy",
  // The ring timeout passed, or 480 Temporarily Unavailable / 408 Request Timeout / 487.
  "no_answer",
  // The callee declined: 603 Decline, 403 Forbidden, 606/607/608.
  "rejected",
  // Any other failure to place the call (trunk refused, 5xx, unreachable).
  "dial_failed",
] as const;
export type DialEndReason = (typeof DIAL_END_REASONS)[number];

export const WORKER_END_REASONS = [...LIFECYCLE_END_REASONS, ...CONVERSATION_END_REASONS, ...DIAL_END_REASONS] as const;
export type WorkerEndReason = (typeof WORKER_END_REASONS)[number];

/** Set by the app. */
export const APP_END_REASONS = [
  // No agent reported in within the join timeout.
  "agent_did_not_join",
  // The call's room vanished while it was in progress (the stale-call sweep).
  "worker_lost",
  // LiveKit could not be reached when the call was created.
  "media_server_unavailable",
  // The assistant-request webhook answered with an error.
  "assistant_request_refused",
] as const;
export type AppEndReason = (typeof APP_END_REASONS)[number];

export const END_REASONS = [...WORKER_END_REASONS, ...APP_END_REASONS] as const;
export type EndReason = (typeof END_REASONS)[number];

export const workerEndReasonSchema = z.enum(WORKER_END_REASONS);
export const endReasonSchema = z.enum(END_REASONS);

export const END_REASON = Object.fromEntries(END_REASONS.map((r) => [r, r])) as { readonly [R in EndReason]: R };

export const isEndReason = (value: unknown): value is EndReason => (END_REASONS as readonly unknown[]).includes(value);
