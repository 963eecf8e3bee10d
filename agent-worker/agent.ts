// The voice agent: instructions are the assistant's system messages; any user/assistant
// messages in the prompt become the agent's starting conversation (few-shot examples).
import { llm, voice } from "@livekit/agents";
import { systemInstructions, type AssistantConfig } from "./call-config";

export const FALLBACK_INSTRUCTIONS = "You are a helpful voice assistant. Keep answers short and conversational.";

export class SwitchboardAgent extends voice.Agent {
  constructor(assistant: Pick<AssistantConfig, "llm_config">) {
    const chatCtx = llm.ChatContext.empty();
    for (const message of assistant.llm_config.messages) {
      if (message.role !== "system") chatCtx.addMessage({ role: message.role, content: message.content });
    }
    super({ instructions: systemInstructions(assistant.llm_config) || FALLBACK_INSTRUCTIONS, chatCtx });
  }
}
