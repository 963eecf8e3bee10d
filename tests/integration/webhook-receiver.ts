import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// A real HTTP receiver on 127.0.0.1 for webhook tests: records every request (raw body and
// headers) and answers with whatever the test scripted for it.
export interface ReceivedRequest {
  path: string;
  headers: IncomingMessage["headers"];
  rawBody: string;
  json: { message: Record<string, unknown> } & Record<string, unknown>;
}
export type Answer = { status?: number; body?: unknown; rawBody?: string; delayMs?: number };

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Answers for the next requests, in order; afterwards `fallback`. */
  script(answers: Answer[], fallback?: Answer): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  let queue: Answer[] = [];
  let fallback: Answer = { status: 200, body: { ok: true } };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      let json: ReceivedRequest["json"];
      try {
        json = JSON.parse(rawBody);
      } catch {
        json = { message: {} };
      }
      requests.push({ path: req.url ?? "/", headers: req.headers, rawBody, json });
      const answer = queue.shift() ?? fallback;
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status ?? 200, { "content-type": "application/json" });
        res.end(answer.rawBody ?? JSON.stringify(answer.body ?? {}));
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    script(answers, next) {
      queue = [...answers];
      if (next) fallback = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
