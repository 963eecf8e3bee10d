import "server-only";
import { BlockedOutboundUrlError, guardedFetch } from "@/lib/net/outbound-guard";

// One non-streaming chat completion against any OpenAI-compatible API (the organisation's
// key or the platform's, as resolved by lib/generation/resolve-llm.ts). Used by "Draft with
// AI" and by post-call analysis; each caller maps ChatCompletionError to its own error.

export type LlmCredentials = {
  baseUrl: string;
  apiKey: string;
  model: string;
  /** false: the base URL is the organisation's own and must pass the outbound guard. Default true. */
  allowPrivateNetworks?: boolean;
};

export type ChatMessage = { role: "system" | "user" | "assistant"; content: string };

/**
 * Why no answer came back: "unreachable" (network error or timeout), "rejected" (a non-2xx
 * status, in `status`), or "empty" (no message content in the body).
 */
export class ChatCompletionError extends Error {
  constructor(
    message: string,
    readonly reason: "unreachable" | "rejected" | "empty",
    readonly status?: number,
  ) {
    super(message);
  }
}

export async function completeChat(
  llm: LlmCredentials,
  messages: ChatMessage[],
  options: { json?: boolean; temperature?: number; timeoutMs?: number } = {},
): Promise<string> {
  let res: Response;
  try {
    const init: RequestInit = {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${llm.apiKey}` },
      body: JSON.stringify({
        model: llm.model,
        temperature: options.temperature ?? 0,
        messages,
        ...(options.json ? { response_format: { type: "json_object" } } : {}),
      }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    };
    res = await guardedFetch(`${llm.baseUrl.replace(/\/+$/, "")}/chat/completions`, init, { allowPrivate: llm.allowPrivateNetworks ?? true });
  } catch (error) {
    if (error instanceof BlockedOutboundUrlError) throw new ChatCompletionError(`The language model base URL is refused: ${error.message}`, "unreachable");
    throw new ChatCompletionError("Could not reach the language model provider", "unreachable");
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => {});
    throw new ChatCompletionError(
      `The language model provider answered ${res.status}${res.status === 401 ? " (check the API key)" : ""}`,
      "rejected",
      res.status,
    );
  }
  const body = (await res.json().catch(() => null)) as { choices?: { message?: { content?: string | null } }[] } | null;
  const content = body?.choices?.[0]?.message?.content;
  if (typeof content !== "string") throw new ChatCompletionError("The language model provider sent no message", "empty");
  return content;
}
