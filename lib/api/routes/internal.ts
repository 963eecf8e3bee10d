import "server-only";
import { AppError } from "@/lib/errors/app-error";
import { json, parseBody, withErrors } from "@/lib/api/handler";
import { env } from "@/lib/env";
import { safeEqual } from "@/lib/crypto";
import { callEventSchema } from "@/lib/schemas/call";
import { getCallConfig } from "@/lib/calls/call-config";
import { recordCallEvent } from "@/lib/calls/record-call-event";
import { uuidOr404 } from "@/lib/api/params";
import { storeCallRecording } from "@/lib/recordings/recordings";
import { callScope } from "@/lib/tenancy/system-scope";
import { startInboundCall } from "@/lib/calls/inbound-call";
import { sipInboundCallRequestSchema } from "@/lib/contract/call-config";
import { callTransferRequestSchema } from "@/lib/contract/call-transfer";
import { transferCall } from "@/lib/telephony/transfer-call";

// The agent worker's API, authenticated with the shared worker secret (constant-time compare).
function requireWorker(req: Request) {
  const header = req.headers.get("authorization") ?? "";
  const presented = header.startsWith("Bearer ") ? header.slice(7) : "";
  if (!presented || !safeEqual(presented, env().WORKER_SECRET)) {
    throw new AppError("unauthorized", "Invalid worker credentials");
  }
}

/** GET /api/internal/calls/{id}/config — the resolved assistant configuration of a call. */
export const getInternalCallConfig = withErrors(async ({ req, params }) => {
  requireWorker(req);
  const callId = uuidOr404(params.id, "Call");
  return json(await getCallConfig(await callScope(callId, "worker call config"), callId));
});

/** POST /api/internal/calls/{id}/events — the worker reports start and end of a call. */
export const postInternalCallEvent = withErrors(async ({ req, params }) => {
  requireWorker(req);
  const event = await parseBody(req, callEventSchema);
  const callId = uuidOr404(params.id, "Call");
  await recordCallEvent(await callScope(callId, "worker call event"), callId, event);
  return json({ success: true });
});

/** PUT /api/internal/calls/{id}/recording — the worker uploads the call's audio (audio/ogg or audio/wav). */
export const putInternalCallRecording = withErrors(async ({ req, params }) => {
  requireWorker(req);
  const callId = uuidOr404(params.id, "Call");
  const stored = await storeCallRecording(await callScope(callId, "worker recording upload"), callId, {
    body: req.body,
    contentType: req.headers.get("content-type"),
    contentLength: req.headers.get("content-length"),
  });
  return json({ success: true, size: stored.size, content_type: stored.contentType });
});

/**
 * POST /api/internal/calls/sip-inbound — the agent was dispatched to an inbound phone call:
 * start its Call (number resolved platform-wide) and answer `{ call_id }`, or refuse it
 * (404 unknown number, 409 call_refused, assistant_inactive), which the agent answers by hanging up.
 */
export const postInternalSipInboundCall = withErrors(async ({ req }) => {
  requireWorker(req);
  const body = await parseBody(req, sipInboundCallRequestSchema);
  return json(await startInboundCall(body), 201);
});

/**
 * POST /api/internal/calls/{id}/transfer — the agent transfers the phone caller (transfer_call
 * tool or control command): SIP REFER through the number's transfer trunk. Answers when the far
 * end accepted (200, the destination is recorded) or refused it (502 provider_error, call stays up).
 */
export const postInternalCallTransfer = withErrors(async ({ req, params }) => {
  requireWorker(req);
  const body = await parseBody(req, callTransferRequestSchema);
  const callId = uuidOr404(params.id, "Call");
  return json(await transferCall(await callScope(callId, "worker call transfer"), callId, body));
});
