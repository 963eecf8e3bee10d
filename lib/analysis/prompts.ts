import type { TranscriptTurn } from "@/lib/schemas/call";
import type { ChatMessage } from "@/lib/llm/complete-chat";

// The prompts of post-call analysis and the {{placeholder}} filling of a plan's messages.

export const SUMMARY_INSTRUCTIONS = `You summarise phone calls between a voice assistant and a caller.
Write two to four plain sentences: who called, what they wanted, what was agreed or done, and any follow-up.
Write in the language of the conversation. No lists, no markdown, no preamble.`;

export const DEFAULT_STRUCTURED_DATA_MESSAGES: ChatMessage[] = [
  {
    role: "system",
    content:
      "You extract structured data from the transcript of a phone call. Answer with one JSON object that " +
      "matches this JSON Schema exactly (property names, types, enums, required properties):\n\n{{schema}}\n\n" +
      "Leave out optional properties the call gives no information about. Answer with the JSON only.",
  },
  { role: "user", content: "Transcript:\n\n{{transcript}}\n\nThe call ended because: {{ended_reason}}" },
];

/** "Caller: …" / "Assistant: …" lines. */
export function formatTranscript(turns: TranscriptTurn[]): string {
  return turns.map((t) => `${t.role === "user" ? "Caller" : "Assistant"}: ${t.content}`).join("\n");
}

export function fillPlaceholders(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (match, name: string) => (name in values ? values[name]! : match));
}

export function summaryMessages(transcript: string, endedReason: string): ChatMessage[] {
  return [
    { role: "system", content: SUMMARY_INSTRUCTIONS },
    { role: "user", content: `Transcript:\n\n${transcript}\n\nThe call ended because: ${endedReason}` },
  ];
}

/**
 * The plan's (or template's) messages with the placeholders filled in. JSON mode needs the
 * schema in the prompt: when the messages do not use {{schema}}, a system message carrying
 * it is added, and the transcript likewise when they do not use {{transcript}}.
 */
export function structuredDataMessages(
  messages: ChatMessage[],
  values: { schema: string; transcript: string; ended_reason: string },
): ChatMessage[] {
  const source = messages.length > 0 ? messages : DEFAULT_STRUCTURED_DATA_MESSAGES;
  const uses = (name: string) => source.some((m) => new RegExp(`\\{\\{\\s*${name}\\s*\\}\\}`).test(m.content));
  const filled = source.map((m) => ({ role: m.role, content: fillPlaceholders(m.content, values) }));
  if (!uses("schema")) {
    filled.push({ role: "system", content: `Answer with one JSON object that matches this JSON Schema:\n\n${values.schema}` });
  }
  if (!uses("transcript")) {
    filled.push({ role: "user", content: `Transcript:\n\n${values.transcript}\n\nThe call ended because: ${values.ended_reason}` });
  }
  return filled;
}

export function correctionMessage(error: string): ChatMessage {
  return {
    role: "user",
    content: `That answer does not match the JSON Schema: ${error}. Answer again with only the corrected JSON object.`,
  };
}
