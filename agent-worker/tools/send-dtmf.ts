// Built-in send_dtmf: the model presses keypad keys on a phone call (an IVR menu, an extension).
// Each key goes to the phone as an RFC 4733 telephone-event through LiveKit SIP, with a pause
// between keys so that menus register every one.
import { llm } from "@livekit/agents";
import { dtmfCodeOf, parseDtmfSequence, type DtmfDigit } from "../dtmf";
import type { ToolCallRecorder } from "./recorder";

export const SEND_DTMF_TOOL = "send_dtmf";
export const DTMF_KEY_GAP_MS = 300;

export interface SendDtmfToolOptions {
  recorder: ToolCallRecorder;
  /** Publishes one key (LocalParticipant.publishDtmf). */
  publish: (code: number, digit: DtmfDigit) => Promise<void>;
  keyGapMs?: number;
}

export function buildSendDtmfTool(opts: SendDtmfToolOptions) {
  const gap = opts.keyGapMs ?? DTMF_KEY_GAP_MS;
  return llm.tool({
    name: SEND_DTMF_TOOL,
    description:
      "Presses keys on the phone keypad (DTMF), e.g. to choose an option in an automated phone menu or to enter an extension. Pass the keys in order: digits 0-9, * and #.",
    parameters: {
      type: "object",
      properties: { digits: { type: "string", description: "The keys to press in order, e.g. \"1\" or \"1234#\"" } },
      required: ["digits"],
    },
    execute: async (args, { toolCallId }) => {
      const input = typeof (args as { digits?: unknown }).digits === "string" ? (args as { digits: string }).digits : "";
      const finish = opts.recorder.start(toolCallId, SEND_DTMF_TOOL, { digits: input });
      const parsed = parseDtmfSequence(input);
      if ("error" in parsed) {
        finish({ error: parsed.error });
        throw new llm.ToolError(parsed.error);
      }
      for (const [i, digit] of parsed.digits.entries()) {
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, gap));
        try {
          await opts.publish(dtmfCodeOf(digit), digit);
        } catch (error) {
          const text = `Could not press ${digit}: ${error instanceof Error ? error.message : String(error)}`;
          finish({ error: text });
          throw new llm.ToolError(text);
        }
      }
      const result = `Pressed ${parsed.digits.join("")}.`;
      finish({ result });
      return result;
    },
  });
}
