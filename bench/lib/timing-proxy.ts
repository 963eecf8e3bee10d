// A loopback HTTP forwarder placed between the worker and the internal-API stand-in, so the
// benchmark can time the recording uploads (PUT /api/internal/calls/{id}/recording) as the
// worker experiences them: request start -> response finished, with the body size.
import { createServer, request } from "node:http";
import { closeServer, listenLoopback, sendJson } from "../../tests/fakes/http";

export interface TimedUpload {
  callId: string;
  bytes: number;
  startedAt: number;
  finishedAt: number;
  status: number;
}

export interface TimingProxy {
  url: string;
  readonly uploads: TimedUpload[];
  close(): Promise<void>;
}

export async function startTimingProxy(target: string): Promise<TimingProxy> {
  const upstream = new URL(target);
  const uploads: TimedUpload[] = [];
  const server = createServer((req, res) => {
    const startedAt = Date.now();
    const match = /^\/api\/internal\/calls\/([^/]+)\/recording$/.exec(new URL(req.url ?? "/", "http://x").pathname);
    let bytes = 0;
    req.on("data", (chunk: Buffer) => (bytes += chunk.length));
    const out = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on("end", () => {
          if (match && req.method === "PUT") {
            uploads.push({ callId: decodeURIComponent(match[1] ?? ""), bytes, startedAt, finishedAt: Date.now(), status: answer.statusCode ?? 0 });
          }
        });
      },
    );
    out.on("error", (error) => {
      if (!res.headersSent) sendJson(res, 502, { error: { code: "bad_gateway", message: String(error) } });
      else res.end();
    });
    req.pipe(out);
  });
  const port = await listenLoopback(server);
  return { url: `http://127.0.0.1:${port}`, uploads, close: () => closeServer(server) };
}
