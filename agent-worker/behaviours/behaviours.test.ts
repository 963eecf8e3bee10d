// Conversation behaviours on a text-only session: silence re-prompts and the silence end,
// a last message before hanging up, and the turn-taking settings.
import { describe, expect, it } from "vitest";
import { callConfigFor } from "../testing/conversation";
import { assistantTexts, useTextSessions } from "../testing/text-sessions";
import { ConversationEnder, DEFAULT_MAX_DURATION_MESSAGE } from "./ending";
import { DEFAULT_SILENCE_FINAL_MESSAGE, SilenceMonitor, silenceSettings } from "./silence";
import { turnTakingOverrides } from "./turn-taking";

const sessions = useTextSessions();
const start = (assistant: Record<string, unknown> = {}) => sessions.start({ assistant });

describe("silence handling", () => {
  it("is off unless autonomous_silence_handling is on, and reads its settings with defaults", () => {
    const base = callConfigFor({ openaiUrl: "http://127.0.0.1:1/v1" }).assistant;
    expect(silenceSettings(base)).toBeNull();
    expect(silenceSettings({ ...base, autonomous_silence_handling: true, silence_timeout_seconds: 8 })).toEqual({
      firstCheckMs: 8000,
      intervalMs: 12_000,
      maxAttempts: 3,
      messages: ["Are you still there?"],
      finalMessage: DEFAULT_SILENCE_FINAL_MESSAGE,
    });
    const custom = callConfigFor({
      openaiUrl: "http://127.0.0.1:1/v1",
      assistant: {
        autonomous_silence_handling: true,
        silence_timeout_seconds: 8,
        speech_config: { silence: { first_check_seconds: 3, interval_seconds: 5, max_attempts: 2, messages: ["Hello {{name}}?"], final_message: "Bye {{name}}." } },
      },
      call: { metadata: { name: "Ada" } },
    });
    expect(silenceSettings(custom.assistant, (t) => t.replace("{{name}}", "Ada"))).toEqual({
      firstCheckMs: 3000,
      intervalMs: 5000,
      maxAttempts: 2,
      messages: ["Hello Ada?"],
      finalMessage: "Bye Ada.",
    });
  });

  it("re-prompts after silence, then says the final message and ends with silence_timeout", async () => {
    const c = await start({ autonomous_silence_handling: true });
    const monitor = new SilenceMonitor(c.session, c.ender, {
      firstCheckMs: 150,
      intervalMs: 150,
      maxAttempts: 2,
      messages: ["Are you still there?", "Hello?"],
      finalMessage: "Goodbye for now.",
    });
    try {
      await expect(c.ended).resolves.toBe("silence_timeout");
      expect(assistantTexts(c)).toEqual(["Are you still there?", "Hello?", "Goodbye for now."]);
    } finally {
      monitor.stop();
    }
  });

  it("starts counting again when the caller answers", async () => {
    sessions.fake.setDefaultReply("Great, how can I help?");
    const c = await start({ autonomous_silence_handling: true });
    const monitor = new SilenceMonitor(c.session, c.ender, { firstCheckMs: 200, intervalMs: 200, maxAttempts: 1, messages: ["Still there?"], finalMessage: "Bye." });
    try {
      await expect.poll(() => monitor.attempts, { timeout: 2000 }).toBe(1);
      await c.session.run({ userInput: "Yes, I'm here." }).wait();
      expect(monitor.attempts).toBe(0);
      expect(c.ends).toEqual([]);
      // Silence again: one more re-prompt, then the end.
      await expect(c.ended).resolves.toBe("silence_timeout");
      expect(assistantTexts(c)).toEqual(["Still there?", "Great, how can I help?", "Still there?", "Bye."]);
    } finally {
      monitor.stop();
    }
  });

  it("gives the model the end_call tool when silence handling is on", async () => {
    sessions.fake.queueReplies("Hi.");
    const c = await start({ autonomous_silence_handling: true });
    await c.session.run({ userInput: "Hello" }).wait();
    expect(sessions.fake.requests[0]?.tools.map((t) => t.name)).toEqual(["end_call"]);
  });
});

describe("ending with a last message", () => {
  it("interrupts, says the message, then ends once; a second request is ignored", async () => {
    const c = await start();
    const first = c.ender.speakThenEnd("max_duration", DEFAULT_MAX_DURATION_MESSAGE, { interrupt: true });
    const second = c.ender.speakThenEnd("api_ended_call", "Other goodbye");
    await expect(second).resolves.toBe(false);
    await expect(first).resolves.toBe(true);
    expect(c.ends).toEqual(["max_duration"]);
    expect(assistantTexts(c)).toEqual([DEFAULT_MAX_DURATION_MESSAGE]);
  });

  it("hands a phone caller over by SIP when a transfer is available, and keeps the call when it fails", async () => {
    const c = await start();
    const transfers: string[] = [];
    let fail = true;
    const ends: string[] = [];
    const ender = new ConversationEnder({
      session: c.session,
      end: (r) => ends.push(r),
      transferSip: async (destination) => {
        transfers.push(destination);
        if (fail) throw new Error("REFER rejected");
      },
    });
    await expect(ender.transfer("+31201234567", "Transferring.")).rejects.toThrow("REFER rejected");
    expect(ender.isEnding).toBe(false);
    expect(ends).toEqual([]);
    fail = false;
    await expect(ender.transfer("+31201234567", null)).resolves.toBe("sip");
    expect(ends).toEqual(["transferred"]);
    expect(transfers).toEqual(["+31201234567", "+31201234567"]);
  });
});

describe("turn taking", () => {
  it("maps speech_config.turn_taking seconds to the framework's milliseconds, leaving unset keys to the defaults", () => {
    expect(turnTakingOverrides({ turn_taking: undefined })).toEqual({ endpointing: {}, interruption: {} });
    expect(
      turnTakingOverrides({
        turn_taking: {
          endpointing_min_delay: 0.4,
          endpointing_max_delay: 2,
          interruption_min_duration: 0.3,
          interruption_min_words: 2,
          false_interruption_timeout: 1.5,
          allow_interruptions: false,
        },
      }),
    ).toEqual({
      endpointing: { minDelay: 400, maxDelay: 2000 },
      interruption: { enabled: false, minDuration: 300, minWords: 2, falseInterruptionTimeout: 1500 },
    });
    expect(
      turnTakingOverrides({
        turn_taking: {
          endpointing_min_delay: 3,
          endpointing_max_delay: 1,
          interruption_min_duration: undefined,
          interruption_min_words: undefined,
          false_interruption_timeout: null,
          allow_interruptions: undefined,
        },
      }),
    ).toEqual({ endpointing: { minDelay: 1000, maxDelay: 1000 }, interruption: { resumeFalseInterruption: false } });
  });
});
