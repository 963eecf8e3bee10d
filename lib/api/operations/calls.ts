import { z } from "zod";
import { defineOperation, uuidParam } from "@/lib/api/operation";
import { paginationSchema } from "@/lib/schemas/common";
import {
  callControlResponseSchema,
  callControlSchema,
  callListQuerySchema,
  callSchema,
  outboundCallCreateSchema,
  outboundCallResponseSchema,
  webCallCreateSchema,
  webCallResponseSchema,
} from "@/lib/schemas/call";

const tags = ["Calls"];
const params = { id: uuidParam("Call") };

export const createWebCall = defineOperation({
  operationId: "createWebCall", method: "post", path: "/calls/web", tags, permission: "calls.write",
  summary: "Start a browser call",
  description: "Creates the call, a LiveKit room with the agent dispatched, and a short-lived participant token.",
  body: webCallCreateSchema,
  responses: { 201: { description: "Call created", schema: webCallResponseSchema } },
  errors: { 404: "No assistant with this id in the organisation", 503: "The media server is unavailable" },
});

export const createOutboundCall = defineOperation({
  operationId: "createOutboundCall", method: "post", path: "/calls/outbound", tags, permission: "calls.write",
  summary: "Start an outbound phone call",
  description: "Answers at once (`dialing`); then `ringing`, `in-progress`, `ended`. Unanswered: end_reason busy, no_answer, rejected or dial_failed.",
  body: outboundCallCreateSchema,
  responses: { 201: { description: "Dialling", schema: outboundCallResponseSchema } },
  errors: { 404: "No such assistant or number", 422: "Bad destination, inactive assistant or number, or no_outbound_trunk", 503: "The media server is unavailable" },
});

export const listCalls = defineOperation({
  operationId: "listCalls", method: "get", path: "/calls", tags, permission: "calls.read",
  summary: "List calls",
  query: callListQuerySchema,
  responses: { 200: { description: "Calls", schema: z.object({ calls: z.array(callSchema), pagination: paginationSchema }) } },
});

export const getCall = defineOperation({
  operationId: "getCall", method: "get", path: "/calls/{id}", params, tags, permission: "calls.read",
  summary: "Get a call with its transcript",
  responses: { 200: { description: "The call (bare object)", schema: callSchema } },
});

export const getCallRecording = defineOperation({
  operationId: "getCallRecording", method: "get", path: "/calls/{id}/recording", params, tags, permission: "calls.read", auth: "signed-url",
  summary: "Download or stream the call recording",
  description:
    "The call's audio: WAV (audio/wav, 16-bit PCM, 16 kHz; or Ogg/Opus, audio/ogg, when the platform is set up so), stereo, the caller on the left channel and the assistant on the right. Supports a single HTTP Range, so browsers can seek. Authenticate with the API key, or without one through the signed, time-limited `recording_url` of the call object and the end-of-call-report (the `expires` and `signature` query parameters).",
  responses: {
    200: { description: "The recording (audio/ogg or audio/wav)", media: ["audio/ogg", "audio/wav"] },
    206: { description: "The requested byte range (Content-Range)", media: ["audio/ogg", "audio/wav"] },
  },
  errors: { 403: "The signed link has expired or is not valid, or the caller lacks calls.read", 404: "No such call, or it has no recording", 416: "Range not satisfiable (it starts past the end)" },
});

export const controlCall = defineOperation({
  operationId: "controlCall", method: "post", path: "/calls/{id}/control", params, tags, permission: "calls.control",
  summary: "Control a live call",
  description:
    "Sends a command to an in-progress call's assistant: inject-context (add to its context), say (speak verbatim), end-call (optional goodbye, hang up) or transfer (phone calls; E.164 or SIP URI). At most 10 a minute per call (429, Retry-After). Waits up to 3 s (a transfer 30 s) for the agent's confirmation.",
  body: callControlSchema,
  responses: {
    200: { description: "The agent confirmed the command", schema: callControlResponseSchema },
    202: { description: "Sent; the agent has not confirmed it yet", schema: callControlResponseSchema },
  },
  errors: { 409: "call_not_active: the call is not in progress", 502: "command_failed: the agent could not carry out the command", 503: "The media server is unavailable" },
});
