import "server-only";
import { AppError } from "@/lib/errors/app-error";
import { ChatCompletionError, completeChat, type LlmCredentials } from "@/lib/llm/complete-chat";
import { assistantDraftSchema, type AssistantDraft, type AssistantDraftRequest } from "@/lib/schemas/generation";

const INSTRUCTIONS = `You write configurations for phone voice assistants.
Given a business description, answer with a JSON object with exactly two string fields:
"system_prompt": instructions for the assistant (role, tone, what it can help with, what it must not do,
  when to offer a human; short spoken sentences; no markdown), and
"first_message": the greeting spoken when the call starts (one or two sentences).
Write both in the requested language. Use {{variable}} placeholders only for values a caller's
record would provide (e.g. {{caller_name}}).`;

const UNUSABLE = "The language model did not return a usable draft; try again";

// Asks the organisation's language model (any OpenAI-compatible chat completions API) for a
// draft system prompt and first message; an unusable answer is an error, never stored.
export async function generateAssistantDraft(input: AssistantDraftRequest, llm: LlmCredentials): Promise<AssistantDraft> {
  const user = [
    input.business_name ? `Business name: ${input.business_name}` : null,
    `Language: ${input.language}`,
    `Description: ${input.description}`,
  ].filter(Boolean).join("\n");

  let content: string;
  try {
    content = await completeChat(llm, [{ role: "system", content: INSTRUCTIONS }, { role: "user", content: user }], {
      json: true,
      temperature: 0.4,
      timeoutMs: 30_000,
    });
  } catch (error) {
    if (!(error instanceof ChatCompletionError)) throw error;
    // Unreachable or refused: say so; an answer without a message is an unusable draft.
    throw new AppError("provider_error", error.reason === "empty" ? UNUSABLE : error.message);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(content.replace(/^```(?:json)?\s*|\s*```$/g, ""));
  } catch {
    throw new AppError("provider_error", UNUSABLE);
  }
  const draft = assistantDraftSchema.safeParse(parsed);
  if (!draft.success) throw new AppError("provider_error", UNUSABLE);
  return draft.data;
}
