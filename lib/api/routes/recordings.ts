import "server-only";
import { withErrors, withOrg } from "@/lib/api/handler";
import { errorBody } from "@/lib/api/errors";
import { uuidOr404 } from "@/lib/api/params";
import { AppError } from "@/lib/errors/app-error";
import { openCallRecording, type OpenedRecording } from "@/lib/recordings/recordings";

type RouteContext = { params: Promise<Record<string, string>> };

/** The recording as an HTTP response (200, 206 for a Range, 416 past the end). */
function recordingResponse(opened: OpenedRecording): Response {
  if (opened.kind === "unsatisfiable") {
    const error = new AppError("range_not_satisfiable", `Range is outside the recording (${opened.size} bytes)`, "range");
    return Response.json(errorBody(error), { status: 416, headers: { "content-range": `bytes */${opened.size}` } });
  }
  const headers = new Headers({
    "content-type": opened.contentType,
    "accept-ranges": "bytes",
    "cache-control": "private, no-store",
    "content-disposition": `inline; filename="${opened.fileName}"`,
  });
  if (opened.range) {
    const { start, end } = opened.range;
    headers.set("content-range", `bytes ${start}-${end}/${opened.size}`);
    headers.set("content-length", String(end - start + 1));
    return new Response(opened.body, { status: 206, headers });
  }
  headers.set("content-length", String(opened.size));
  return new Response(opened.body, { status: 200, headers });
}

const withApiKey = withOrg(async ({ req, params, scope }) =>
  recordingResponse(await openCallRecording(uuidOr404(params.id, "Call"), { organizationId: scope.organizationId }, req.headers.get("range"))), { permission: "calls.read" });

const withSignedUrl = withErrors(async ({ req, params }) => {
  const query = new URL(req.url).searchParams;
  return recordingResponse(
    await openCallRecording(uuidOr404(params.id, "Call"), { expires: query.get("expires"), signature: query.get("signature") }, req.headers.get("range")),
  );
});

/** GET /calls/{id}/recording — the call's audio, by API key/session or by the signed recording_url. */
export function getCallRecording(req: Request, ctx: RouteContext): Promise<Response> {
  const query = new URL(req.url).searchParams;
  return query.has("signature") || query.has("expires") ? withSignedUrl(req, ctx) : withApiKey(req, ctx);
}
