// The HMS webhook envelope `{ message: { type, timestamp, call, phone_number, customer, assistant, ... } }`,
// built the same way by the app (status-update, end-of-call-report, assistant-request) and the
// agent worker (tool-calls).
import type { CallType } from "./channels";

export const WEBHOOK_EVENTS = ["assistant-request", "tool-calls", "status-update", "end-of-call-report"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const CALL_TYPE = { web: "web_call", inbound: "inbound_phone_call", outbound: "outbound_phone_call" } as const satisfies Record<CallType, string>;
export type InternalCallType = CallType;

export interface EnvelopeCall {
  id: string;
  type: InternalCallType | string;
  /** Public status: connecting | in-progress | ended | ended-with-error | failed. */
  status: string;
  caller_phone?: string | null;
  assistant_phone?: string | null;
  metadata?: Record<string, unknown>;
}

export interface EnvelopeAssistant {
  id?: string | null;
  name?: string | null;
  [key: string]: unknown;
}

/** Builds the envelope; `extra` fields (tool_call_list, summary, …) go inside `message`. */
export function buildWebhookEnvelope(
  event: WebhookEvent,
  call: EnvelopeCall,
  assistant: EnvelopeAssistant | null,
  extra: Record<string, unknown> = {},
  now: Date = new Date(),
) {
  return {
    message: {
      type: event,
      timestamp: now.toISOString(),
      call: {
        id: call.id,
        type: CALL_TYPE[call.type as InternalCallType] ?? call.type,
        status: call.status,
      },
      phone_number: call.assistant_phone ? { number: call.assistant_phone } : null,
      customer: call.caller_phone ? { number: call.caller_phone } : null,
      // Metadata passed at call creation (or by assistant-request) is echoed to every event.
      assistant: assistant ? { ...assistant, metadata: call.metadata ?? {} } : null,
      ...extra,
    },
  };
}

/** Whether an assistant's `webhook_events` selection includes `event` (an empty list means all). */
export function isWebhookEventEnabled(events: readonly string[] | null | undefined, event: WebhookEvent): boolean {
  return !events || events.length === 0 || events.includes(event);
}
