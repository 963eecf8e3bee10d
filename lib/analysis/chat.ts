import "server-only";
import { ChatCompletionError, completeChat, type ChatMessage, type LlmCredentials } from "@/lib/llm/complete-chat";

// Chat completions for post-call analysis: any provider failure becomes an
// AnalysisProviderError, which analyse-call records as retryable.

/** The provider could not be reached or refused the request: worth retrying later. */
export class AnalysisProviderError extends Error {}

export async function completeAnalysisChat(
  llm: LlmCredentials,
  messages: ChatMessage[],
  options: Parameters<typeof completeChat>[2] = {},
): Promise<string> {
  try {
    return await completeChat(llm, messages, options);
  } catch (error) {
    if (error instanceof ChatCompletionError) throw new AnalysisProviderError(error.message);
    throw error;
  }
}
