// Built-in end_call: the model hangs up. The goodbye is speech_config.end_call_message when
// set; otherwise the model's own words that came with the call, or a default goodbye when it
// said nothing. The call ends after the goodbye has played (end_reason assistant_ended_call).
import { llm } from "@livekit/agents";
import { DEFAULT_GOODBYE, type ConversationEnder } from "../behaviours/ending";
import type { ToolCallRecorder } from "./recorder";

export const END_CALL_TOOL = "end_call";

const DESCRIPTION = [
  "Ends the call. Call it when the caller says goodbye or clearly has nothing more to discuss,",
  "or when the conversation cannot usefully continue. Say your goodbye in the same turn.",
  "Do not call it when the caller only pauses, asks to hold, or wants to be transferred.",
].join(" ");

export interface EndCallToolOptions {
  ender: ConversationEnder;
  recorder: ToolCallRecorder;
  /** speech_config.end_call_message (variables already substituted). */
  endCallMessage?: string;
}

export function buildEndCallTool(opts: EndCallToolOptions) {
  return llm.tool({
    name: END_CALL_TOOL,
    description: DESCRIPTION,
    parameters: { type: "object", properties: {} },
    execute: async (_args, { ctx, toolCallId }) => {
      const finish = opts.recorder.start(toolCallId, END_CALL_TOOL, {});
      if (opts.ender.isEnding) {
        finish({ result: "The call is already ending." });
        return undefined;
      }
      // Let the model's own words (said with the tool call) finish first.
      await ctx.waitForPlayout().catch(() => undefined);
      const spokeAlready = ctx.speechHandle.chatItems.some((item) => item.type === "message" && item.role === "assistant" && !!item.textContent?.trim());
      const goodbye = opts.endCallMessage?.trim() || (spokeAlready ? undefined : DEFAULT_GOODBYE);
      finish({ result: "Ending the call." });
      // Not awaited: the session shuts down once the goodbye has played, after this tool returns.
      void opts.ender.speakThenEnd("assistant_ended_call", goodbye);
      // No output: the model is not asked to reply after hanging up.
      return undefined;
    },
  });
}
