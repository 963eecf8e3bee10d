import "server-only";
import { AppError } from "@/lib/errors/app-error";
import { route, toErrorResponse } from "@/lib/api/handler";
import { rateLimitHeaders } from "@/lib/api/rate-limit";
import * as op from "@/lib/api/operations/calls";
import { createWebCall } from "@/lib/calls/create-web-call";
import { startOutboundCall } from "@/lib/calls/outbound-call";
import { findCalls, getCallOrThrow } from "@/lib/calls/calls";
import { controlCall } from "@/lib/calls/control-call";

/** Returns a LiveKit token for the caller. */
export const postWebCall = route(op.createWebCall, async ({ body, scope }) =>
  createWebCall(scope, { assistantId: body.assistant_id, assistant: body.assistant, assistantOverride: body.assistant_override, metadata: body.metadata }),
);

/** Answers once the room is up and the agent dispatched; the agent dials. */
export const postOutboundCall = route(op.createOutboundCall, async ({ body, scope, reply }) => {
  const started = await startOutboundCall(scope, {
    destination: body.destination,
    numberId: body.number_id,
    assistantId: body.assistant_id,
    assistant: body.assistant,
    assistantOverride: body.assistant_override,
    firstMessage: body.first_message,
    metadata: body.metadata,
    ringTimeoutSeconds: body.ring_timeout_seconds,
  });
  return reply(201, { success: true as const, call_id: started.callId, status: started.status });
});

export const listCalls = route(op.listCalls, async ({ query: q, scope }) => {
  if (q.start_date && q.end_date && new Date(q.end_date) < new Date(q.start_date)) {
    throw new AppError("validation_error", "end_date: must not be before start_date", "end_date");
  }
  const { calls, total } = await findCalls(scope, {
    limit: q.limit,
    offset: q.offset,
    status: q.status,
    type: q.type,
    assistantId: q.assistant_id ?? q.agent_id,
    startDate: q.start_date,
    endDate: q.end_date,
    phoneNumber: q.phone_number,
    q: q.q || undefined,
  });
  return { calls, pagination: { total, limit: q.limit, offset: q.offset } };
});

/** The bare call object, transcript, analysis and cost included. */
export const getCall = route(op.getCall, async ({ params, scope }) => getCallOrThrow(scope, params.id));

export const postCallControl = route(op.controlCall, async ({ params, body: command, scope, reply }) => {
  const result = await controlCall(scope, params.id, command);
  if (result.kind === "rate_limited") {
    // The per-call command limit: its Retry-After, under the caller's own rate-limit headers.
    const { limit } = result;
    const res = toErrorResponse(new AppError("rate_limit_exceeded", `At most ${limit.limit} commands per minute per call`));
    res.headers.set("Retry-After", rateLimitHeaders(limit)["Retry-After"]!);
    return res;
  }
  const { command: sent } = result;
  if (sent.status === "failed") {
    throw new AppError("command_failed", `The agent could not carry out the command${sent.error ? `: ${sent.error}` : ""}`);
  }
  const acknowledged = sent.status === "acknowledged";
  return reply(acknowledged ? 200 : 202, {
    success: true,
    message: acknowledged ? "Command sent successfully" : "Command sent; the agent has not confirmed it yet",
    command: { id: sent.id, type: sent.type, status: sent.status },
  });
});
