import "server-only";
import { env } from "@/lib/env";
import { BlockedOutboundUrlError, guardedFetch } from "@/lib/net/outbound-guard";
import { webhookHeaders } from "@/lib/webhooks/signature";

// One HTTP attempt of a webhook: POST the JSON body, signed when a secret exists, with a
// time budget. Never throws: the outcome (status, first characters of the answer, error,
// duration) is what the delivery log records. Receiver URLs are customer-supplied: with
// OUTBOUND_ALLOW_PRIVATE_NETWORKS=false a private/loopback receiver is refused unsent
// (`blocked`, the reason in `error`).

export const RESPONSE_BODY_LIMIT = 2000;

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  /** The answer, cut to RESPONSE_BODY_LIMIT characters (null when none arrived). */
  responseBody: string | null;
  /** The whole answer when `keepFullBody` is set (assistant-request reads it). */
  fullBody?: string;
  error: string | null;
  durationMs: number;
  /** The outbound guard refused the URL: nothing was sent, and retrying will not help. */
  blocked?: boolean;
}

export async function sendWebhook(options: {
  url: string;
  event: string;
  body: string;
  secret: string | null;
  idempotencyKey: string;
  timeoutMs: number;
  keepFullBody?: boolean;
}): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const headers = webhookHeaders({ event: options.event, rawBody: options.body, secret: options.secret, idempotencyKey: options.idempotencyKey });
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    // Redirects are not followed: a receiver that moved must be reconfigured, and a redirect
    // must not carry a signed body somewhere else.
    const res = await guardedFetch(
      options.url,
      { method: "POST", headers, body: options.body, redirect: "manual", signal },
      { allowPrivate: env().OUTBOUND_ALLOW_PRIVATE_NETWORKS },
    );
    const text = await res.text();
    const ok = res.status >= 200 && res.status < 300;
    return {
      ok,
      statusCode: res.status,
      responseBody: text.slice(0, RESPONSE_BODY_LIMIT),
      ...(options.keepFullBody ? { fullBody: text } : {}),
      error: ok ? null : `Receiver answered HTTP ${res.status}`,
      durationMs: elapsed(),
    };
  } catch (error) {
    if (error instanceof BlockedOutboundUrlError) {
      return { ok: false, statusCode: null, responseBody: null, error: error.message, durationMs: elapsed(), blocked: true };
    }
    return { ok: false, statusCode: null, responseBody: null, error: describeFetchError(error, options.timeoutMs), durationMs: elapsed() };
  }
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `No answer within ${timeoutMs} ms`;
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = cause && "code" in cause ? String((cause as { code: unknown }).code) : undefined;
  const detail = code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `Request failed: ${detail}`.slice(0, 500);
}
