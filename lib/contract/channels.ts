// How a call reaches the assistant. The Call row and the public API speak of its `type`
// (HMS: web, inbound, outbound); the app's start path and the worker's channel layer speak
// of the channel, which also says what carries the media (a browser, a SIP leg).
export const CALL_TYPES = ["web", "inbound", "outbound"] as const;
export type CallType = (typeof CALL_TYPES)[number];

export const CALL_CHANNELS = ["web", "sip_inbound", "sip_outbound"] as const;
export type CallChannel = (typeof CALL_CHANNELS)[number];

export const CALL_TYPE_OF_CHANNEL = {
  web: "web",
  sip_inbound: "inbound",
  sip_outbound: "outbound",
} as const satisfies Record<CallChannel, CallType>;

export const CHANNEL_OF_CALL_TYPE = {
  web: "web",
  inbound: "sip_inbound",
  outbound: "sip_outbound",
} as const satisfies Record<CallType, CallChannel>;
