import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import nodemailer from "nodemailer";
import { guardedFetch } from "@/lib/net/outbound-guard";

// The ways a message leaves: SMTP (nodemailer), Resend's HTTP API with the organisation's own
// key, or the local outbox (files in the data folder) when nothing is configured.

export type MailMessage = {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  replyTo?: string | null;
};

export type SentMail = { transport: "smtp" | "resend" | "outbox"; id: string };

export interface MailTransport {
  readonly name: SentMail["transport"];
  send(message: MailMessage): Promise<SentMail>;
}

export class MailDeliveryError extends Error {}

export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    name: "smtp",
    async send(message) {
      try {
        const info = await transporter.sendMail({
          from: message.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          ...(message.replyTo ? { replyTo: message.replyTo } : {}),
        });
        return { transport: "smtp", id: info.messageId };
      } catch (error) {
        throw new MailDeliveryError(`SMTP delivery failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}

/** Resend's `POST /emails` (https://resend.com/docs/api-reference/emails/send-email). */
export function resendTransport(options: { apiKey: string; baseUrl: string; allowPrivateNetworks: boolean; timeoutMs?: number }): MailTransport {
  const base = options.baseUrl.replace(/\/+$/, "");
  return {
    name: "resend",
    async send(message) {
      let res: Response;
      try {
        res = await guardedFetch(`${base}/emails`, {
          method: "POST",
          headers: { authorization: `Bearer ${options.apiKey}`, "content-type": "application/json" },
          body: JSON.stringify({
            from: message.from,
            to: [message.to],
            subject: message.subject,
            text: message.text,
            html: message.html,
            ...(message.replyTo ? { reply_to: message.replyTo } : {}),
          }),
          redirect: "manual",
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        }, { allowPrivate: options.allowPrivateNetworks });
      } catch (error) {
        throw new MailDeliveryError(`Resend could not be reached: ${error instanceof Error ? error.message : String(error)}`);
      }
      const body = (await res.json().catch(() => null)) as { id?: unknown; message?: unknown } | null;
      if (!res.ok || typeof body?.id !== "string") {
        throw new MailDeliveryError(`Resend refused the message (${res.status}): ${typeof body?.message === "string" ? body.message : "no id in the answer"}`);
      }
      return { transport: "resend", id: body.id };
    },
  };
}

export type OutboxMessage = MailMessage & { id: string; created_at: string; organization_id: string | null };

// Orders two messages written in the same millisecond by one process.
let sequence = 0;

/** Writes each message as one JSON file; the platform admin's Outbox page lists them. */
export function outboxTransport(dir: string, organizationId: string | null = null): MailTransport {
  return {
    name: "outbox",
    async send(message) {
      const id = randomUUID();
      const createdAt = new Date();
      const record: OutboxMessage = { ...message, id, created_at: createdAt.toISOString(), organization_id: organizationId };
      await fs.mkdir(dir, { recursive: true });
      // Sortable names: the newest first when listed in reverse. Written whole, then renamed,
      // so a reader never sees half a message.
      sequence = (sequence + 1) % 1_000_000;
      const file = path.join(dir, `${createdAt.getTime().toString().padStart(15, "0")}-${sequence.toString().padStart(6, "0")}-${id}.json`);
      await fs.writeFile(`${file}.tmp`, JSON.stringify(record, null, 2));
      await fs.rename(`${file}.tmp`, file);
      return { transport: "outbox", id };
    },
  };
}

/** The outbox's messages, newest first. */
export async function listOutbox(dir: string, options: { limit?: number } = {}): Promise<OutboxMessage[]> {
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((n) => n.endsWith(".json")).sort().reverse();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const messages: OutboxMessage[] = [];
  for (const name of names.slice(0, options.limit ?? 200)) {
    try {
      messages.push(JSON.parse(await fs.readFile(path.join(dir, name), "utf8")) as OutboxMessage);
    } catch {
      // A file someone edited by hand is skipped, not fatal to the page.
    }
  }
  return messages;
}
