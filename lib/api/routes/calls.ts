import "server-only";
import { json, parseBody, parseQuery, withOrg } from "@/lib/api/handler";
import { callListQuerySchema, webCallCreateSchema } from "@/lib/schemas/call";
import { createWebCall } from "@/lib/calls/create-web-call";
import { findCalls, getCallOrThrow } from "@/lib/calls/calls";
import { uuidOr404 } from "@/lib/api/params";

/** POST /calls/web — start a browser call; returns a LiveKit token for the caller. */
export const postWebCall = withOrg(async ({ req, scope }) => {
  const body = await parseBody(req, webCallCreateSchema);
  return json(await createWebCall(scope, { assistantId: body.assistant_id }), 201);
});

/** GET /calls — paginated call log. */
export const listCalls = withOrg(async ({ req, scope }) => {
  const q = parseQuery(req, callListQuerySchema);
  const { calls, total } = await findCalls(scope, {
    limit: q.limit,
    offset: q.offset,
    status: q.status,
    assistantId: q.assistant_id ?? q.agent_id,
  });
  return json({ calls, pagination: { total, limit: q.limit, offset: q.offset } });
});

/** GET /calls/{id} — the bare call object, transcript included. */
export const getCall = withOrg(async ({ params, scope }) => json(await getCallOrThrow(scope, uuidOr404(params.id, "Call"))));
