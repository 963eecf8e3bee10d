// Client for the app's internal worker API. Every request carries
// `Authorization: Bearer <WORKER_SECRET>`.
//   GET  {APP_URL}/api/internal/calls/{callId}/config  -> CallConfig
//   POST {APP_URL}/api/internal/calls/{callId}/events  <- CallEvent
//   PUT  {APP_URL}/api/internal/calls/{callId}/recording <- audio/ogg or audio/wav bytes
//   POST {APP_URL}/api/internal/calls/sip-inbound       <- an inbound phone call -> { call_id }
//   POST {APP_URL}/api/internal/calls/{callId}/transfer <- { destination, participant_identity } (SIP REFER)
import {
  callConfigSchema,
  sipInboundCallRequestSchema,
  sipInboundCallResponseSchema,
  type CallConfig,
  type SipInboundCallRequest,
} from "../lib/contract/call-config";
import { callEventSchema, type WorkerCallEvent } from "../lib/contract/call-events";
import { callTransferRequestSchema, callTransferResponseSchema, type CallTransferRequest, type CallTransferResponse } from "../lib/contract/call-transfer";
import { INTERNAL_CALL_PATHS, INTERNAL_SIP_INBOUND_PATH } from "../lib/contract/wire";

export { callEventSchema };
export type { CallCommandEvent, CallEndedEvent, CallStartedEvent, TranscriptEntry } from "../lib/contract/call-events";
export type CallEvent = WorkerCallEvent;

/** The app answered with an HTTP error. */
export class AppApiError extends Error {
  override name = "AppApiError";
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The call is unknown (404) or no longer startable (409): end the job without a session. */
export class CallUnavailableError extends AppApiError {
  override name = "CallUnavailableError";
}

export interface AppClient {
  getCallConfig(callId: string): Promise<CallConfig>;
  postCallEvent(callId: string, event: CallEvent, opts?: { retries?: number }): Promise<void>;
  /** PUT /recording: the call's audio (a file-backed Blob streams from disk). */
  uploadRecording(callId: string, audio: Blob, opts?: { retries?: number; timeoutMs?: number }): Promise<void>;
  /** Starts the Call of an inbound phone call; an AppApiError (4xx) means the app refused it. */
  startInboundCall(request: SipInboundCallRequest): Promise<string>;
  /**
   * Transfers the phone caller (SIP REFER through the number's transfer trunk); resolves once the
   * far end accepted. A refusal throws a TransferRefusedError with the app's reason.
   */
  transferCall(callId: string, request: CallTransferRequest): Promise<CallTransferResponse>;
}

/** The app (or the far end, through it) refused a transfer; `message` is the reason to pass on. */
export class TransferRefusedError extends Error {
  override name = "TransferRefusedError";
}

// The public error format's message, e.g. "The transfer to +31… was refused: SIP call failed: 486 Busy Here".
const errorMessageOf = (body: string) => {
  try {
    const message = (JSON.parse(body) as { error?: { message?: unknown } }).error?.message;
    return typeof message === "string" ? message : undefined;
  } catch {
    return undefined;
  }
};

export interface AppClientOptions {
  appUrl: string;
  workerSecret: string;
  timeoutMs?: number;
  /** Delay before retry n (1-based). */
  retryDelayMs?: (attempt: number) => number;
  fetch?: typeof fetch;
}

const isRetryable = (error: unknown) => !(error instanceof AppApiError) || error.status >= 500 || error.status === 429;

export function createAppClient(opts: AppClientOptions): AppClient {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const retryDelayMs = opts.retryDelayMs ?? ((attempt) => Math.min(500 * 2 ** (attempt - 1), 4000));
  const base = opts.appUrl.replace(/\/+$/, "");
  const callUrl = (callId: string, leaf: keyof typeof INTERNAL_CALL_PATHS) => `${base}${INTERNAL_CALL_PATHS[leaf](callId)}`;
  const headers = { authorization: `Bearer ${opts.workerSecret}`, accept: "application/json" };

  async function request(url: string, init: RequestInit, requestTimeoutMs = timeoutMs): Promise<Response> {
    const res = await doFetch(url, { ...init, headers: { ...headers, ...init.headers }, signal: AbortSignal.timeout(requestTimeoutMs) });
    if (!res.ok) {
      const detail = (await res.text().catch(() => "")).slice(0, 200);
      const message = `${init.method ?? "GET"} ${new URL(url).pathname} answered ${res.status}${detail ? `: ${detail}` : ""}`;
      throw res.status === 404 || res.status === 409 ? new CallUnavailableError(message, res.status) : new AppApiError(message, res.status);
    }
    return res;
  }

  return {
    async getCallConfig(callId) {
      const res = await request(callUrl(callId, "config"), { method: "GET" });
      const result = callConfigSchema.safeParse(await res.json());
      if (!result.success) {
        const issue = result.error.issues[0];
        throw new AppApiError(`call config is invalid at ${issue?.path.join(".") ?? "?"}: ${issue?.message ?? "unknown"}`, 502);
      }
      return result.data;
    },

    async postCallEvent(callId, event, { retries = 0 } = {}) {
      const body = JSON.stringify(callEventSchema.parse(event));
      for (let attempt = 0; ; attempt++) {
        try {
          const res = await request(callUrl(callId, "events"), {
            method: "POST",
            body,
            headers: { "content-type": "application/json" },
          });
          await res.body?.cancel();
          return;
        } catch (error) {
          if (attempt >= retries || !isRetryable(error)) throw error;
          await new Promise((r) => setTimeout(r, retryDelayMs(attempt + 1)));
        }
      }
    },

    async startInboundCall(inbound) {
      const body = JSON.stringify(sipInboundCallRequestSchema.parse(inbound));
      // Retried on 5xx/unreachable only: the app answers the same call for the same room.
      for (let attempt = 0; ; attempt++) {
        try {
          const res = await request(`${base}${INTERNAL_SIP_INBOUND_PATH}`, { method: "POST", body, headers: { "content-type": "application/json" } });
          const parsed = sipInboundCallResponseSchema.safeParse(await res.json());
          if (!parsed.success) throw new AppApiError("the app answered the inbound call without a call id", 502);
          return parsed.data.call_id;
        } catch (error) {
          if (attempt >= 2 || !isRetryable(error)) throw error;
          await new Promise((r) => setTimeout(r, retryDelayMs(attempt + 1)));
        }
      }
    },

    async transferCall(callId, transfer) {
      const body = JSON.stringify(callTransferRequestSchema.parse(transfer));
      // Not retried: a REFER that reached the far end must not be sent twice. The app answers
      // after the far end's final NOTIFY (LiveKit SIP waits for it), hence the longer timeout.
      const res = await doFetch(callUrl(callId, "transfer"), {
        method: "POST",
        body,
        headers: { ...headers, "content-type": "application/json" },
        signal: AbortSignal.timeout(Math.max(timeoutMs, 60_000)),
      });
      const text = await res.text().catch(() => "");
      if (!res.ok) throw new TransferRefusedError(errorMessageOf(text) ?? `the app answered ${res.status}`);
      const parsed = callTransferResponseSchema.safeParse(JSON.parse(text || "null"));
      if (!parsed.success) throw new AppApiError("the app answered the transfer without its result", 502);
      return parsed.data;
    },

    async uploadRecording(callId, audio, { retries = 0, timeoutMs: uploadTimeoutMs = 120_000 } = {}) {
      for (let attempt = 0; ; attempt++) {
        try {
          const res = await request(
            callUrl(callId, "recording"),
            { method: "PUT", body: audio, headers: { "content-type": audio.type || "application/octet-stream" } },
            uploadTimeoutMs,
          );
          await res.body?.cancel();
          return;
        } catch (error) {
          if (attempt >= retries || !isRetryable(error)) throw error;
          await new Promise((r) => setTimeout(r, retryDelayMs(attempt + 1)));
        }
      }
    },
  };
}
