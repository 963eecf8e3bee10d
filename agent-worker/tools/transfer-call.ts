// Built-in transfer_call: the model picks one of the configured destinations; the worker
// says the destination's message and transfers. Phone calls are handed over by SIP (when the
// telephony layer supplies a transfer); a web call has no phone leg, so it ends with
// end_reason `transferred` and the destination is in the tool call record.
import { llm, type voice } from "@livekit/agents";
import type { ConversationEnder } from "../behaviours/ending";
import type { TransferCallToolConfig } from "../../lib/contract/call-config";
import type { ToolCallRecorder } from "./recorder";

export const TRANSFER_CALL_TOOL = "transfer_call";

/** After a failed transfer the model tells the caller (the reason is what the far end answered, e.g. 486 Busy Here). */
export function tellTransferFailed(session: voice.AgentSession, destination: string, error: string): void {
  try {
    session.generateReply({
      instructions: `The transfer to ${destination} failed (${error}). Apologise to the caller, say the transfer did not go through, and offer to help in another way.`,
    });
  } catch {
    // The session is closing.
  }
}

export interface TransferCallToolOptions {
  config: TransferCallToolConfig;
  ender: ConversationEnder;
  recorder: ToolCallRecorder;
  /** Substitutes {{variables}} in a destination's message. */
  render?: (text: string) => string;
  /** A failed transfer: the model is asked to tell the caller. */
  onFailed?: (destination: string, error: string) => void;
}

export function buildTransferCallTool(opts: TransferCallToolOptions) {
  const destinations = opts.config.destinations;
  const list = destinations.map((d) => `${d.number}${d.description ? `: ${d.description}` : ""}`).join("; ");
  return llm.tool({
    name: TRANSFER_CALL_TOOL,
    description: `Transfers the caller to another phone number. Call it when the caller asks for, or needs, one of these destinations: ${list}.`,
    parameters: {
      type: "object",
      properties: {
        destination: {
          type: "string",
          enum: destinations.map((d) => d.number),
          description: "The phone number to transfer to, exactly as listed",
        },
      },
      required: ["destination"],
    },
    execute: async (args, { ctx, toolCallId }) => {
      const number = typeof (args as { destination?: unknown }).destination === "string" ? (args as { destination: string }).destination : "";
      const finish = opts.recorder.start(toolCallId, TRANSFER_CALL_TOOL, { destination: number });
      const destination = destinations.find((d) => d.number === number);
      if (!destination) {
        const error = `"${number}" is not a transfer destination. Use one of: ${destinations.map((d) => d.number).join(", ")}.`;
        finish({ error });
        throw new llm.ToolError(error);
      }
      if (opts.ender.isEnding) {
        const error = "The call is already ending.";
        finish({ error });
        throw new llm.ToolError(error);
      }
      await ctx.waitForPlayout().catch(() => undefined);
      const message = destination.message ? (opts.render ?? ((t: string) => t))(destination.message) : undefined;
      // Not awaited: the call ends (or is handed over) after this tool returns.
      const recordDone = (mode: "sip" | "ended") =>
        finish({ result: mode === "sip" ? `Transferred to ${destination.number}.` : `Transfer to ${destination.number} requested; the web call ended.` });
      void opts.ender.transfer(destination.number, message, recordDone).catch(
        (error: unknown) => {
          const text = `The transfer to ${destination.number} failed: ${error instanceof Error ? error.message : String(error)}`;
          finish({ error: text });
          opts.onFailed?.(destination.number, text);
        },
      );
      return undefined;
    },
  });
}
