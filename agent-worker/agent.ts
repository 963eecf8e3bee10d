// The voice agent: instructions are the assistant's system messages; any user/assistant
// messages in the prompt become the agent's starting conversation (few-shot examples).
// {{variables}} are substituted in both; the call's tools are attached.
import { llm, voice } from "@livekit/agents";
import { systemInstructions, type LlmConfig } from "../lib/contract/call-config";
import type { AnyFunctionTool } from "./tools";

export const FALLBACK_INSTRUCTIONS = "You are a helpful voice assistant. Keep answers short and conversational.";

export interface SwitchboardAgentOptions {
  /** {{variable}} substitution; identity when absent. */
  render?: (text: string) => string;
  tools?: AnyFunctionTool[];
  /**
   * Sees each completed user turn first; when it returns true the turn gets no reply (and is
   * not added to the conversation: the screen records it). Voicemail detection holds the callee's turns.
   */
  holdTurn?: (message: llm.ChatMessage) => boolean;
}

export class SwitchboardAgent extends voice.Agent {
  readonly #holdTurn: SwitchboardAgentOptions["holdTurn"];

  constructor(assistant: { llm_config: Pick<LlmConfig, "messages"> }, opts: SwitchboardAgentOptions = {}) {
    const render = opts.render ?? ((text: string) => text);
    const chatCtx = llm.ChatContext.empty();
    for (const message of assistant.llm_config.messages) {
      if (message.role !== "system") chatCtx.addMessage({ role: message.role, content: render(message.content) });
    }
    const instructions = render(systemInstructions(assistant.llm_config)).trim();
    super({ instructions: instructions || FALLBACK_INSTRUCTIONS, chatCtx, tools: opts.tools ?? [] });
    this.#holdTurn = opts.holdTurn;
  }

  override async onUserTurnCompleted(chatCtx: llm.ChatContext, newMessage: llm.ChatMessage): Promise<void> {
    if (this.#holdTurn?.(newMessage)) throw new voice.StopResponse();
    return super.onUserTurnCompleted(chatCtx, newMessage);
  }

  /** Adds a message the framework did not add itself (a held turn) to the conversation. */
  async addToConversation(message: llm.ChatMessage): Promise<void> {
    const chatCtx = this.chatCtx.copy();
    chatCtx.insert(message);
    await this.updateChatCtx(chatCtx);
  }

  /** Adds a system message to the live conversation (call control inject-context). */
  async injectContext(content: string): Promise<void> {
    const chatCtx = this.chatCtx.copy();
    chatCtx.addMessage({ role: "system", content });
    await this.updateChatCtx(chatCtx);
  }
}
