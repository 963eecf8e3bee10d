import { z } from "zod";
import { defineOperations } from "@/lib/openapi/registry";
import { callControlResponseSchema, callControlSchema, callListQuerySchema, callSchema, webCallCreateSchema, webCallResponseSchema } from "@/lib/schemas/call";
import { paginationSchema } from "@/lib/schemas/common";

const recordingAccessQuerySchema = z.object({
  expires: z.string().regex(/^\d+$/).optional().describe("Signed URL: expiry (Unix seconds)"),
  signature: z.string().regex(/^[0-9a-f]{64}$/).optional().describe("Signed URL: HMAC-SHA256 signature (hex)"),
});

export const callOperations = defineOperations([
  { method: "post", path: "/calls/web", operationId: "createWebCall", summary: "Start a browser call", description: "Creates the call, a LiveKit room with the agent dispatched, and a short-lived participant token.", tags: ["Calls"], body: webCallCreateSchema, responses: { 201: { description: "Call created", schema: webCallResponseSchema } } },
  { method: "get", path: "/calls", operationId: "listCalls", summary: "List calls", tags: ["Calls"], query: callListQuerySchema, responses: { 200: { description: "Calls", schema: z.object({ calls: z.array(callSchema), pagination: paginationSchema }) } } },
  { method: "get", path: "/calls/{id}/recording", operationId: "getCallRecording", summary: "Download or stream the call recording", description: "The call's audio: WAV (audio/wav, 16-bit PCM, 16 kHz; or Ogg/Opus, audio/ogg, when the platform is set up so), stereo, the caller on the left channel and the assistant on the right. Supports a single HTTP Range (206 Partial Content; 416 when the range starts past the end), so browsers can seek. Authenticate with the API key, or without one through the signed, time-limited `recording_url` of the call object and the end-of-call-report (`expires` and `signature` query parameters; 403 when expired or forged). 404 when the call has no recording.", tags: ["Calls"], query: recordingAccessQuerySchema, responses: { 200: { description: "The recording (audio/ogg or audio/wav)" }, 206: { description: "The requested byte range (Content-Range)" }, 403: { description: "The signed link has expired or is not valid" }, 416: { description: "Range not satisfiable" } } },
  { method: "get", path: "/calls/{id}", operationId: "getCall", summary: "Get a call with its transcript", tags: ["Calls"], responses: { 200: { description: "The call (bare object)", schema: callSchema } } },
  {
    method: "post",
    path: "/calls/{id}/control",
    operationId: "controlCall",
    summary: "Control a live call",
    description:
      "Sends a command to the assistant of an in-progress call: inject-context (add to the model's context, optionally answer right away), say (speak a text verbatim, optionally hang up after), end-call (optional goodbye, then hang up) or transfer (phone calls only; E.164 or SIP URI). At most 10 commands per minute per call (429 with Retry-After). The answer waits up to about 3 seconds for the agent's confirmation: 200 when it confirmed, 202 when the command was sent but not yet confirmed, 502 command_failed when the agent could not carry it out. 409 call_not_active unless the call is in progress.",
    tags: ["Calls"],
    body: callControlSchema,
    responses: {
      200: { description: "The agent confirmed the command", schema: callControlResponseSchema },
      202: { description: "Sent; the agent has not confirmed it yet", schema: callControlResponseSchema },
    },
  },
]);
