import "server-only";
import { route } from "@/lib/api/handler";
import { errorBody } from "@/lib/api/errors";
import * as op from "@/lib/api/operations/calls";
import { AppError } from "@/lib/errors/app-error";
import { openCallRecording, type OpenedRecording } from "@/lib/recordings/recordings";

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

/** By API key/session (the scope), or by the signed recording_url (no scope: the signature decides). */
export const getCallRecording = route(op.getCallRecording, async ({ req, params, scope }) => {
  const query = new URL(req.url).searchParams;
  const access = scope ? { organizationId: scope.organizationId } : { expires: query.get("expires"), signature: query.get("signature") };
  return recordingResponse(await openCallRecording(params.id, access, req.headers.get("range")));
});
