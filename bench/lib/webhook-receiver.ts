// A loopback webhook receiver for the benchmarks: checks the HMS signature, records every
// delivery (event type, size, time) and answers tool-calls with one result per call.
import { createServer } from "node:http";
import { EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from "../../lib/webhooks/signature";
import { closeServer, listenLoopback, readBody, sendJson } from "../../tests/fakes/http";

export interface ReceivedWebhook {
  event: string;
  callId: string | undefined;
  bytes: number;
  signed: boolean;
  signatureValid: boolean;
  at: number;
}

export interface WebhookReceiver {
  url: string;
  secret: string;
  readonly received: ReceivedWebhook[];
  close(): Promise<void>;
}

interface ToolCallItem {
  id?: unknown;
  function?: { name?: unknown };
}

export async function startWebhookReceiver(opts: { secret: string; result?: string }): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const rawBody = await readBody(req);
      const signature = req.headers[SIGNATURE_HEADER];
      const timestamp = req.headers[TIMESTAMP_HEADER];
      const signatureValid = verifyWebhookSignature({
        secret: opts.secret,
        rawBody,
        signature: typeof signature === "string" ? signature : undefined,
        timestamp: typeof timestamp === "string" ? timestamp : undefined,
      });
      let body: { message?: { type?: unknown; call?: { id?: unknown }; tool_call_list?: unknown } } = {};
      try {
        body = JSON.parse(rawBody) as typeof body;
      } catch {
        return sendJson(res, 400, { error: "not JSON" });
      }
      const headerEvent = req.headers[EVENT_HEADER];
      const event = typeof body.message?.type === "string" ? body.message.type : typeof headerEvent === "string" ? headerEvent : "unknown";
      received.push({
        event,
        callId: typeof body.message?.call?.id === "string" ? body.message.call.id : undefined,
        bytes: Buffer.byteLength(rawBody),
        signed: typeof signature === "string",
        signatureValid,
        at: Date.now(),
      });
      if (event === "tool-calls") {
        const list = Array.isArray(body.message?.tool_call_list) ? (body.message.tool_call_list as ToolCallItem[]) : [];
        return sendJson(res, 200, {
          results: list.map((c) => ({ tool_call_id: String(c.id ?? ""), result: opts.result ?? "Open from nine to five." })),
        });
      }
      return sendJson(res, 200, { ok: true });
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(error) });
    });
  });
  const port = await listenLoopback(server);
  return { url: `http://127.0.0.1:${port}/webhook`, secret: opts.secret, received, close: () => closeServer(server) };
}
