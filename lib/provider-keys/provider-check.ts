import "server-only";
import { env } from "@/lib/env";
import { BlockedOutboundUrlError, guardedFetch } from "@/lib/net/outbound-guard";
import { PROVIDER_PUBLIC_URLS } from "@/lib/contract/provider-urls";
import { PROVIDER_KEY_PROVIDER_LABELS, type ProviderKeyProvider, type ProviderKeyTestResult } from "@/lib/schemas/provider-key";

// Checks a provider key with the cheapest authenticated request the provider offers.

export const PUBLIC_BASE_URLS: Partial<Record<ProviderKeyProvider, string>> = PROVIDER_PUBLIC_URLS;

const stripSlash = (url: string) => url.replace(/\/+$/, "");

/** The key's own base URL, else the platform's env default, else the provider's public API. */
export function keyBaseUrl(provider: ProviderKeyProvider, stored: string | null): string | undefined {
  if (stored) return stored;
  const e = env();
  const envDefault = { openai: e.OPENAI_BASE_URL, deepgram: e.DEEPGRAM_BASE_URL, elevenlabs: e.ELEVENLABS_BASE_URL, resend: e.RESEND_BASE_URL }[
    provider as "openai" | "deepgram" | "elevenlabs" | "resend"
  ];
  return envDefault ?? PUBLIC_BASE_URLS[provider];
}

export type KeyCheckRequest = { url: string; headers: Record<string, string> };

/** undefined: no way to test this provider's keys yet. */
export function keyCheckRequest(provider: ProviderKeyProvider, apiKey: string, baseUrl: string): KeyCheckRequest | undefined {
  const base = stripSlash(baseUrl);
  switch (provider) {
    case "openai":
    case "openai-compatible":
    case "xai":
    case "mistral":
      return { url: `${base}/models`, headers: { authorization: `Bearer ${apiKey}` } };
    case "deepgram":
      // Deepgram's base may be the streaming (ws) URL, with or without /v1.
      return {
        url: `${base.replace(/^ws/, "http").replace(/\/v1$/, "")}/v1/projects`,
        headers: { authorization: `Token ${apiKey}` },
      };
    case "elevenlabs":
      return { url: `${base}/user`, headers: { "xi-api-key": apiKey } };
    case "resend":
      return { url: `${base}/domains`, headers: { authorization: `Bearer ${apiKey}` } };
    default:
      return undefined;
  }
}

function networkReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  }
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = cause?.code;
  // fetch refuses well-known ports of other protocols (1, 22, 25, …) without connecting.
  if (cause?.message === "bad port") return "fetch does not connect to this port";
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host not found";
  if (code === "ECONNRESET") return "connection reset";
  return typeof code === "string" ? `connection failed (${code})` : "connection failed";
}

export type KeyCheckResult = ProviderKeyTestResult & { isTested: boolean };

export async function checkProviderKey(
  provider: ProviderKeyProvider,
  apiKey: string,
  storedBaseUrl: string | null,
  options: { timeoutMs?: number } = {},
): Promise<KeyCheckResult> {
  const label = PROVIDER_KEY_PROVIDER_LABELS[provider];
  const baseUrl = keyBaseUrl(provider, storedBaseUrl);
  const request = baseUrl ? keyCheckRequest(provider, apiKey, baseUrl) : undefined;
  if (!request) return { isTested: false, ok: false, message: `testing ${provider} keys is not supported yet` };

  // Only name the URL when the organisation chose it; the platform's defaults stay private.
  const where = storedBaseUrl ? ` at ${storedBaseUrl}` : "";
  const timeoutMs = options.timeoutMs ?? 10_000;
  let res: Response;
  try {
    // No redirects: a redirect would carry the key to wherever it points.
    // The organisation's own base URL goes through the outbound guard; the platform's do not.
    const allowPrivate = !storedBaseUrl || env().OUTBOUND_ALLOW_PRIVATE_NETWORKS;
    res = await guardedFetch(request.url, { headers: request.headers, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) }, { allowPrivate });
  } catch (error) {
    if (error instanceof BlockedOutboundUrlError) return { isTested: true, ok: false, message: `Could not test the key${where}: ${error.message}` };
    return { isTested: true, ok: false, message: `Could not reach ${label}${where}: ${networkReason(error, timeoutMs)}` };
  }
  await res.body?.cancel().catch(() => undefined);
  if (res.ok) return { isTested: true, ok: true, message: `${label} accepted the key` };
  if (res.status === 401 || res.status === 403) {
    return { isTested: true, ok: false, message: `${label} rejected the key (HTTP ${res.status})` };
  }
  const path = new URL(request.url).pathname;
  return {
    isTested: true,
    ok: false,
    message: `Unexpected answer from ${label}${where}: HTTP ${res.status} for GET ${path}; check the base URL`,
  };
}
