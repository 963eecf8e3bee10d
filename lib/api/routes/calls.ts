import "server-only";
import { AppError } from "@/lib/errors/app-error";
import { json, parseBody, parseQuery, toErrorResponse, withOrg } from "@/lib/api/handler";
import { rateLimitHeaders } from "@/lib/api/rate-limit";
import { callControlSchema, callListQuerySchema, webCallCreateSchema } from "@/lib/schemas/call";
import { createWebCall } from "@/lib/calls/create-web-call";
import { findCalls, getCallOrThrow } from "@/lib/calls/calls";
import { controlCall } from "@/lib/calls/control-call";
import { uuidOr404 } from "@/lib/api/params";

/** POST /calls/web — start a browser call; returns a LiveKit token for the caller. */
export const postWebCall = withOrg(async ({ req, scope }) => {
  const body = await parseBody(req, webCallCreateSchema);
  return json(await createWebCall(scope, { assistantId: body.assistant_id, assistant: body.assistant, assistantOverride: body.assistant_override, metadata: body.metadata }), 201);
}, { permission: "calls.write" });

/** GET /calls — paginated call log with filters. */
export const listCalls = withOrg(async ({ req, scope }) => {
  const q = parseQuery(req, callListQuerySchema);
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
  return json({ calls, pagination: { total, limit: q.limit, offset: q.offset } });
}, { permission: "calls.read" });

/** GET /calls/{id} — the bare call object, transcript, analysis and cost included. */
export const getCall = withOrg(async ({ params, scope }) => json(await getCallOrThrow(scope, uuidOr404(params.id, "Call"))), { permission: "calls.read" });

/** POST /calls/{id}/control — send a live command (inject-context, say, end-call, transfer) to the agent. */
export const postCallControl = withOrg(async ({ req, params, scope }) => {
  const callId = uuidOr404(params.id, "Call");
  const command = await parseBody(req, callControlSchema);
  const result = await controlCall(scope, callId, command);
  if (result.kind === "rate_limited") {
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
  return json(
    {
      success: true,
      message: acknowledged ? "Command sent successfully" : "Command sent; the agent has not confirmed it yet",
      command: { id: sent.id, type: sent.type, status: sent.status },
    },
    acknowledged ? 200 : 202,
  );
}, { permission: "calls.control" });
