import "server-only";
import type { LlmCredentials } from "@/lib/generation/generate-assistant-draft";

// One non-streaming chat completion against any OpenAI-compatible API (the organisation's
// key or the platform's, as resolved for "Draft with AI").

export type ChatMessage = { role: "system" | "user" | "assistant"; content: string };

/** The provider could not be reached or refused the request: worth retrying later. */
export class AnalysisProviderError extends Error {}

export async function completeChat(
  llm: LlmCredentials,
  messages: ChatMessage[],
  options: { json?: boolean; temperature?: number; timeoutMs?: number } = {},
): Promise<string> {
  let res: Response;
  try {
    res = await fetch(`${llm.baseUrl.replace(/\/+$/, "")}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${llm.apiKey}` },
      body: JSON.stringify({
        model: llm.model,
        temperature: options.temperature ?? 0,
        messages,
        ...(options.json ? { response_format: { type: "json_object" } } : {}),
      }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
  } catch {
    throw new AnalysisProviderError("Could not reach the language model provider");
  }
  if (!res.ok) {
    throw new AnalysisProviderError(`The language model provider answered ${res.status}${res.status === 401 ? " (check the API key)" : ""}`);
  }
  const body = (await res.json().catch(() => null)) as { choices?: { message?: { content?: string | null } }[] } | null;
  const content = body?.choices?.[0]?.message?.content;
  if (typeof content !== "string") throw new AnalysisProviderError("The language model provider sent no message");
  return content;
}
