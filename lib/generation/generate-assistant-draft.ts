import "server-only";
import { ApiError } from "@/lib/api/errors";
import { assistantDraftSchema, type AssistantDraft, type AssistantDraftRequest } from "@/lib/schemas/generation";

export type LlmCredentials = { baseUrl: string; apiKey: string; model: string };

const INSTRUCTIONS = `You write configurations for phone voice assistants.
Given a business description, answer with a JSON object with exactly two string fields:
"system_prompt": instructions for the assistant (role, tone, what it can help with, what it must not do,
  when to offer a human; short spoken sentences; no markdown), and
"first_message": the greeting spoken when the call starts (one or two sentences).
Write both in the requested language. Use {{variable}} placeholders only for values a caller's
record would provide (e.g. {{caller_name}}).`;

// Asks the organisation's language model (any OpenAI-compatible chat completions API) for a
// draft system prompt and first message; an unusable answer is an error, never stored.
export async function generateAssistantDraft(input: AssistantDraftRequest, llm: LlmCredentials): Promise<AssistantDraft> {
  const user = [
    input.business_name ? `Business name: ${input.business_name}` : null,
    `Language: ${input.language}`,
    `Description: ${input.description}`,
  ].filter(Boolean).join("\n");

  let res: Response;
  try {
    res = await fetch(`${llm.baseUrl.replace(/\/+$/, "")}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${llm.apiKey}` },
      body: JSON.stringify({
        model: llm.model,
        temperature: 0.4,
        response_format: { type: "json_object" },
        messages: [{ role: "system", content: INSTRUCTIONS }, { role: "user", content: user }],
      }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch {
    throw new ApiError("provider_error", "Could not reach the language model provider");
  }
  if (!res.ok) {
    throw new ApiError("provider_error", `The language model provider answered ${res.status}${res.status === 401 ? " (check the API key)" : ""}`);
  }
  const body = (await res.json().catch(() => null)) as { choices?: { message?: { content?: string } }[] } | null;
  const content = body?.choices?.[0]?.message?.content ?? "";
  let parsed: unknown;
  try {
    parsed = JSON.parse(content.replace(/^```(?:json)?\s*|\s*```$/g, ""));
  } catch {
    throw new ApiError("provider_error", "The language model did not return a usable draft; try again");
  }
  const draft = assistantDraftSchema.safeParse(parsed);
  if (!draft.success) throw new ApiError("provider_error", "The language model did not return a usable draft; try again");
  return draft.data;
}
