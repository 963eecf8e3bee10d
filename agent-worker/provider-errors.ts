// Turns a provider failure into a short message naming the provider and stage, e.g.
// "deepgram (stt): connection refused". Plugin errors after retries are often generic
// ("failed to recognize speech after 4 attempts"), so on failure we probe the provider's
// host once to say whether it was reachable at all.
import { connect } from "node:net";
import type { Stage } from "./providers";

export interface ProviderRef {
  stage: Stage;
  provider: string;
  baseUrl?: string;
}

export function formatProviderError(ref: Pick<ProviderRef, "stage" | "provider">, detail: string): string {
  return `${ref.provider} (${ref.stage}): ${detail}`;
}

function defaultPort(protocol: string): number {
  return protocol === "https:" || protocol === "wss:" ? 443 : 80;
}

/** TCP-connects to the URL's host; resolves to a reason when unreachable, else undefined. */
export async function probeReachability(baseUrl: string, timeoutMs = 1500): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return "invalid base URL";
  }
  const port = url.port ? Number(url.port) : defaultPort(url.protocol);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (reason: string | undefined) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => done("connection timed out"));
    socket.once("connect", () => done(undefined));
    socket.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNREFUSED") done("connection refused");
      else if (error.code === "ENOTFOUND" || error.code === "EAI_AGAIN") done("host not found");
      else done(error.code ? `connection failed (${error.code})` : "connection failed");
    });
  });
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const status = (error as { statusCode?: unknown }).statusCode;
    return typeof status === "number" && !error.message.includes(String(status))
      ? `${error.message} (status ${status})`
      : error.message;
  }
  return String(error);
}

/** Describes a failed provider, preferring "connection refused" style reasons when they apply. */
export async function describeProviderFailure(ref: ProviderRef, error: unknown): Promise<string> {
  const unreachable = ref.baseUrl ? await probeReachability(ref.baseUrl) : undefined;
  return formatProviderError(ref, unreachable ?? errorText(error));
}

/** Maps the framework's error event type to our stage name. */
export function stageOfErrorType(type: string | undefined): Stage | undefined {
  if (type === "stt_error") return "stt";
  if (type === "llm_error") return "llm";
  if (type === "tts_error") return "tts";
  return undefined;
}
