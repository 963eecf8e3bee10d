import type { CallStatus } from "@/lib/generated/prisma/client";

// The stored statuses by phase. A web or inbound call is `connecting` until the agent reports
// it started; an outbound call is `dialing` until the callee's phone rings, then `ringing`.

/** Not answered yet: the worker's `started` moves these to in_progress. */
export const UNANSWERED_STATUSES = ["connecting", "dialing", "ringing"] as const satisfies readonly CallStatus[];
/** Not ended yet: the worker's `ended` (or the app, when the worker cannot) ends these. */
export const LIVE_STATUSES = [...UNANSWERED_STATUSES, "in_progress"] as const satisfies readonly CallStatus[];
/** Nobody has heard from the agent yet: the join timeout fails these. */
export const AWAITING_AGENT_STATUSES = ["connecting", "dialing"] as const satisfies readonly CallStatus[];
/** Ended: the post-call work (analysis, metering, the end-of-call report) runs on these. */
export const ENDED_STATUSES = ["ended", "failed", "transferred"] as const satisfies readonly CallStatus[];
export const isEndedStatus = (status: CallStatus) => (ENDED_STATUSES as readonly CallStatus[]).includes(status);
