// Names and numbers the app, the worker and the browser must agree on. Pure constants: the
// test-call panel imports this module, so nothing here may pull in server or Node code.

/** Agent participant attribute carrying a failure message for the client. */
export const ERROR_ATTRIBUTE = "switchboard.error";
/** Agent participant attribute carrying the failure's end_reason (e.g. provider_error). */
export const ERROR_CODE_ATTRIBUTE = "switchboard.error_code";
/** Text stream topic on which the agent sends the failure message before hanging up (attribute `code`: the end_reason). */
export const ERROR_TOPIC = "switchboard.error";
/** Data-message topic on which the app sends signed control commands to the agent (server-sent only). */
export const CONTROL_TOPIC = "switchboard.control";

/** How long the agent has to report in before the app fails the call (AGENT_JOIN_TIMEOUT_SECONDS). */
export const DEFAULT_AGENT_JOIN_TIMEOUT_SECONDS = 20;

/** The room of an app-created call; the worker only ever reads the name from the call config. */
export const roomNameOf = (callId: string) => `call-${callId}`;
/** Identity of the browser participant of a web call. */
export const webCallerIdentityOf = (callId: string) => `caller-${callId.slice(0, 8)}`;
/** Identity of the SIP participant the agent dials on an outbound call. */
export const outboundCalleeIdentityOf = (callId: string) => `callee-${callId.slice(0, 8)}`;

// LiveKit's own names (agents framework and SIP), spelled once.
/** Agent participant attribute with the agent's state (listening, thinking, speaking…). */
export const AGENT_STATE_ATTRIBUTE = "lk.agent.state";
/** Text stream topic of live transcriptions (sender identity = the speaker). */
export const TRANSCRIPTION_TOPIC = "lk.transcription";
export const TRANSCRIPTION_FINAL_ATTRIBUTE = "lk.transcription_final";
export const TRANSCRIPTION_SEGMENT_ATTRIBUTE = "lk.segment_id";
/** SIP participant attribute: dialing / ringing / active / hangup (only `active` can hear a greeting). */
export const SIP_CALL_STATUS_ATTRIBUTE = "sip.callStatus";
export const SIP_CALL_STATUS_ACTIVE = "active";
/** An outbound SIP participant's status once the callee's phone rings (180/183). */
export const SIP_CALL_STATUS_RINGING = "ringing";

/** Bounds of an outbound call's ring timeout (seconds); the default is configuration. */
export const RING_TIMEOUT_MIN_SECONDS = 5;
export const RING_TIMEOUT_MAX_SECONDS = 120;
export const DEFAULT_RING_TIMEOUT_SECONDS = 30;
/** SIP participant attributes: the remote party's number and the number of ours it called or was called from. */
export const SIP_PHONE_NUMBER_ATTRIBUTE = "sip.phoneNumber";
export const SIP_TRUNK_PHONE_NUMBER_ATTRIBUTE = "sip.trunkPhoneNumber";

/** The app's internal API for the worker (Authorization: Bearer WORKER_SECRET). */
export const INTERNAL_CALL_PATHS = {
  /** GET: the resolved call config (lib/contract/call-config.ts). */
  config: (callId: string) => `/api/internal/calls/${encodeURIComponent(callId)}/config`,
  /** POST: a call event (lib/contract/call-events.ts). */
  events: (callId: string) => `/api/internal/calls/${encodeURIComponent(callId)}/events`,
  /** PUT: the recording, audio/wav or audio/ogg. */
  recording: (callId: string) => `/api/internal/calls/${encodeURIComponent(callId)}/recording`,
  /** POST: transfer the phone caller by SIP REFER (lib/contract/call-transfer.ts). */
  transfer: (callId: string) => `/api/internal/calls/${encodeURIComponent(callId)}/transfer`,
} as const;
/** POST: start the Call of an inbound phone call (lib/contract/call-config.ts, sipInboundCallRequestSchema) -> { call_id }. */
export const INTERNAL_SIP_INBOUND_PATH = "/api/internal/calls/sip-inbound";
