import "server-only";
import { withErrors, withOrg } from "@/lib/api/handler";
import { uuidOr404 } from "@/lib/api/params";
import { serveCallRecording } from "@/lib/recordings/recordings";

type RouteContext = { params: Promise<Record<string, string>> };

const withApiKey = withOrg(async ({ req, params, scope }) =>
  serveCallRecording(uuidOr404(params.id, "Call"), { organizationId: scope.organizationId }, req.headers.get("range")),
);

const withSignedUrl = withErrors(async ({ req, params }) => {
  const query = new URL(req.url).searchParams;
  return serveCallRecording(
    uuidOr404(params.id, "Call"),
    { expires: query.get("expires"), signature: query.get("signature") },
    req.headers.get("range"),
  );
});

/** GET /calls/{id}/recording — the call's audio, by API key/session or by the signed recording_url. */
export function getCallRecording(req: Request, ctx: RouteContext): Promise<Response> {
  const query = new URL(req.url).searchParams;
  return query.has("signature") || query.has("expires") ? withSignedUrl(req, ctx) : withApiKey(req, ctx);
}
