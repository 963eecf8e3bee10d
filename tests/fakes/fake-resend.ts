// A loopback stand-in for Resend's HTTP API (https://resend.com/docs/api-reference): POST
// /emails with a Bearer key answers {id} and keeps the message; a wrong key answers Resend's
// 401 error shape. Tests read what was "sent" from `emails`.
import { randomUUID } from "node:crypto";
import http from "node:http";
import { closeServer, listenLoopback, readJson, sendJson } from "./http";

export type FakeResendEmail = { id: string; from: string; to: string[]; subject: string; html?: string; text?: string; reply_to?: string; apiKey: string };

export interface FakeResend {
  url: string;
  emails: FakeResendEmail[];
  close(): Promise<void>;
}

export async function startFakeResend(options: { apiKeys: string[] }): Promise<FakeResend> {
  const emails: FakeResendEmail[] = [];
  const server = http.createServer(async (req, res) => {
    try {
      const key = /^Bearer\s+(\S+)$/.exec(req.headers.authorization ?? "")?.[1];
      if (!key) return sendJson(res, 401, { statusCode: 401, name: "missing_api_key", message: "Missing API key in the authorization header." });
      if (!options.apiKeys.includes(key)) return sendJson(res, 403, { statusCode: 403, name: "invalid_api_key", message: "API key is invalid" });
      if (req.method === "GET" && req.url === "/domains") return sendJson(res, 200, { data: [] });
      if (req.method !== "POST" || req.url !== "/emails") return sendJson(res, 404, { statusCode: 404, name: "not_found", message: "The requested endpoint does not exist." });
      const body = (await readJson(req)) as Partial<FakeResendEmail> & { to?: string | string[] };
      const to = typeof body.to === "string" ? [body.to] : body.to;
      if (!body.from || !to?.length || !body.subject || !(body.html || body.text)) {
        return sendJson(res, 422, { statusCode: 422, name: "validation_error", message: "Missing `from`, `to`, `subject` or a body." });
      }
      const email = { id: randomUUID(), from: body.from, to, subject: body.subject, html: body.html, text: body.text, reply_to: body.reply_to, apiKey: key };
      emails.push(email);
      sendJson(res, 200, { id: email.id });
    } catch {
      sendJson(res, 400, { statusCode: 400, name: "invalid_body", message: "Invalid JSON" });
    }
  });
  const port = await listenLoopback(server);
  return { url: `http://127.0.0.1:${port}`, emails, close: () => closeServer(server) };
}
