// Voicemail detection: the keyword classifier on machine and human greetings in English and
// Dutch (and the near misses a person says), the screen's decisions and timing with fake
// timers, the agent holding screened turns from the model, and a machine's message spoken
// on a text-only session before the end with end_reason voicemail.
import { llm, voice } from "@livekit/agents";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SwitchboardAgent } from "../agent";
import { assistantTexts, useTextSessions } from "../testing/text-sessions";
import { VoicemailScreen, type CalleeActivity, type VoicemailScreenOptions } from "./voicemail";
import { classifyGreeting, normaliseUtterance, voicemailLanguages } from "./voicemail-classifier";

describe("the voicemail classifier", () => {
  const machine = (text: string, languages?: string[]) => expect(classifyGreeting(text, languages).kind, text).toBe("machine");
  const human = (text: string, languages?: string[]) => expect(classifyGreeting(text, languages).kind, text).toBe("human");

  it("takes English answering-machine greetings for a machine", () => {
    machine("Hi, you've reached Jan. I can't take your call right now, please leave a message after the beep.");
    machine("The person you are calling is not available. Please record your message after the tone.");
    machine("You have reached the voicemail of +31 6 1234 5678.");
    machine("Hello, this is Sarah's phone. Leave me a message and I'll call you back.");
    machine("The number you have dialed is not available.");
    machine("Sorry I missed you, I'm away from my desk. I'll get back to you as soon as I can."); // two weak phrases
  });

  it("takes Dutch answering-machine greetings for a machine", () => {
    machine("Hallo, u spreekt met de voicemail van Jan de Vries. Spreek een bericht in na de piep.");
    machine("Welkom bij de voicemailbox van KPN.");
    machine("Ik ben op dit moment niet bereikbaar. Laat een bericht achter, dan bel ik je terug.");
    machine("Het nummer dat u hebt gekozen is niet bereikbaar.");
    machine("Hoi, met Eva. Ik kan de telefoon niet aannemen, spreek je bericht in!");
  });

  it("takes people answering in English and Dutch for a person", () => {
    human("Hello?");
    human("Hello, this is Jan speaking.");
    human("Good afternoon, Acme Corporation, how can I help you?");
    human("Yeah, hi, who's this?");
    human("Hallo, met Jan.");
    human("Goedemiddag, u spreekt met Eva van de bakkerij.");
    human("Ja, hallo?");
  });

  it("does not take a person's near misses for a machine", () => {
    human("Hi, yes, I got your voicemail this morning."); // one weak phrase
    human("Oh hi, sorry, I'm not available long, I'm driving.");
    human("Hey, I was going to call you back actually.");
    human("Ja, ik heb je bericht gekregen.");
    human("Hallo, ik ben momenteel niet thuis maar zeg het maar.");
    human("Stone, tone-deaf, message-less"); // words, not parts of words: only "message" counts
    human("This is Tony from the mailroom."); // "mailroom" is not "mailbox"
  });

  it("reports the phrases it found and counts a phrase inside a longer one once", () => {
    expect(classifyGreeting("Please leave a message after the tone.")).toEqual({ kind: "machine", matched: ["leave a message", "after the tone"], score: 4 });
    expect(classifyGreeting("I got your message")).toEqual({ kind: "human", matched: ["message"], score: 1 });
  });

  it("checks English and Dutch always, plus the assistant's language, and every list for multi", () => {
    expect(voicemailLanguages("en")).toEqual(["en", "nl"]);
    expect(voicemailLanguages("nl")).toEqual(["en", "nl"]);
    expect(voicemailLanguages("de")).toEqual(["en", "nl", "de"]);
    expect(voicemailLanguages("fr-FR")).toEqual(["en", "nl", "fr"]);
    expect(voicemailLanguages("ja")).toEqual(["en", "nl"]);
    expect(voicemailLanguages("multi")).toEqual(expect.arrayContaining(["en", "nl", "de", "fr", "es"]));
    const german = "Hallo, hier ist der Anrufbeantworter von Max. Bitte hinterlassen Sie eine Nachricht nach dem Signalton.";
    human(german, voicemailLanguages("en"));
    machine(german, voicemailLanguages("de"));
    machine("Bonjour, vous êtes bien sur la messagerie de Claire, laissez un message après le bip.", voicemailLanguages("fr"));
    machine("Hola, deje su mensaje después del tono.", voicemailLanguages("es"));
  });

  it("normalises case, accents and punctuation", () => {
    expect(normaliseUtterance("  Après   le BIP, s'il vous plaît!! ")).toBe("apres le bip s'il vous plait");
    expect(normaliseUtterance("You’ve reached…")).toBe("you've reached");
  });
});

class FakeCallee implements CalleeActivity {
  speaking = false;
  readonly #listeners = new Set<(speaking: boolean) => void>();
  readonly #transcriptListeners = new Set<() => void>();
  isSpeaking = () => this.speaking;
  onChange(listener: (speaking: boolean) => void) {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }
  onTranscript(listener: () => void) {
    this.#transcriptListeners.add(listener);
    return () => void this.#transcriptListeners.delete(listener);
  }
  interim() {
    for (const l of this.#transcriptListeners) l();
  }
  set(speaking: boolean) {
    this.speaking = speaking;
    for (const l of this.#listeners) l(speaking);
  }
  get listeners() {
    return this.#listeners.size + this.#transcriptListeners.size;
  }
}

describe("the voicemail screen", () => {
  let callee: FakeCallee;
  let events: string[];
  const screenWith = (opts: Partial<VoicemailScreenOptions> = {}) =>
    new VoicemailScreen({
      languages: ["en", "nl"],
      message: "Hi, this is Acme. We will call you back later.",
      callee,
      onHuman: (d) => events.push(`human:${d.result}`),
      leaveMessage: async (m) => void events.push(`message:${m ?? "none"}`),
      timing: { greetingWaitMs: 5000, greetingMaxMs: 20_000, quietMs: 800, quietMaxMs: 20_000 },
      now: () => new Date("2026-12-02T10:00:00.000Z"),
      ...opts,
    });

  beforeEach(() => {
    vi.useFakeTimers();
    callee = new FakeCallee();
    events = [];
  });
  afterEach(() => vi.useRealTimers());

  it("hands a person's greeting to the conversation and lets later turns through to the model", () => {
    const screen = screenWith();
    screen.start();
    expect(screen.holdsReplies).toBe(true);
    expect(screen.heard("Hello, this is Jan speaking.")).toBe(true); // answered by the greeting, not the model
    expect(events).toEqual(["human:human"]);
    expect(screen.holdsReplies).toBe(false);
    expect(screen.heard("Who is calling?")).toBe(false);
    expect(screen.detection).toEqual({
      result: "human",
      greeting: "Hello, this is Jan speaking.",
      matched: [],
      detected_at: "2026-12-02T10:00:00.000Z",
      message_left: false,
    });
    vi.advanceTimersByTime(60_000);
    expect(events).toEqual(["human:human"]);
  });

  it("on a machine waits for the quiet after its greeting and beep, then leaves the message, and holds every later turn", async () => {
    const screen = screenWith();
    screen.start();
    callee.set(true);
    callee.set(false);
    expect(screen.heard("You have reached Jan's voicemail. Please leave a message after the tone.")).toBe(true);
    expect(screen.detection).toMatchObject({ result: "machine", matched: ["leave a message", "after the tone", "voicemail", "you have reached"], message_left: false });
    await vi.advanceTimersByTimeAsync(500);
    callee.set(true); // the beep
    await vi.advanceTimersByTimeAsync(2_000);
    expect(events).toEqual([]);
    callee.set(false);
    await vi.advanceTimersByTimeAsync(700);
    expect(events).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(events).toEqual(["message:Hi, this is Acme. We will call you back later."]);
    expect(screen.detection?.message_left).toBe(true);
    expect(callee.listeners).toBe(0);
    expect(screen.holdsReplies).toBe(true);
    expect(screen.heard("beep")).toBe(true);
    expect(events).toHaveLength(1);
  });

  it("on a machine without a voicemail message hangs up at once", async () => {
    const screen = screenWith({ message: null });
    screen.start();
    callee.set(true);
    screen.heard("Spreek een bericht in na de piep.");
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual(["message:none"]);
    expect(screen.detection).toMatchObject({ result: "machine", message_left: false });
  });

  it("leaves the message after quietMaxMs when the machine never goes quiet", async () => {
    const screen = screenWith();
    screen.start();
    callee.set(true);
    screen.heard("Please leave a message after the beep.");
    await vi.advanceTimersByTimeAsync(19_999);
    expect(events).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(events).toHaveLength(1);
  });

  it("treats a callee who says nothing within the greeting window as a person", () => {
    const screen = screenWith();
    screen.start();
    vi.advanceTimersByTime(4_999);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(events).toEqual(["human:no_greeting"]);
    expect(screen.detection).toMatchObject({ result: "no_greeting", greeting: null });
    expect(screen.heard("Hello?")).toBe(false);
  });

  it("waits for a greeting still under way at the end of the window, up to greetingMaxMs", () => {
    const screen = screenWith();
    screen.start();
    vi.advanceTimersByTime(3_000);
    callee.set(true);
    vi.advanceTimersByTime(5_000);
    expect(events).toEqual([]);
    screen.heard("Hi, you've reached Jan, please leave a message.");
    expect(screen.detection?.result).toBe("machine");

    events = [];
    const second = screenWith();
    second.start();
    vi.advanceTimersByTime(5_000); // still speaking
    vi.advanceTimersByTime(14_999);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(events).toEqual(["human:no_greeting"]);
  });

  it("keeps waiting for the transcript of a greeting that began in the window, even in a pause at its end", () => {
    const screen = screenWith();
    screen.start();
    vi.advanceTimersByTime(1_000);
    callee.interim(); // the STT heard words; the VAD may not say "speaking" (or is in a pause)
    vi.advanceTimersByTime(10_000);
    expect(events).toEqual([]);
    screen.heard("Hi, you have reached the voicemail of Jan.");
    expect(screen.detection?.result).toBe("machine");
    screen.stop();
    expect(callee.listeners).toBe(0);

    const paused = screenWith();
    paused.start();
    callee.set(true);
    callee.set(false);
    vi.advanceTimersByTime(19_999);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(events).toEqual(["human:no_greeting"]);
    expect(callee.listeners).toBe(0);
  });

  it("decides nothing and leaves nothing once stopped", async () => {
    const screen = screenWith();
    screen.start();
    screen.heard("Please leave a message.");
    screen.stop();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(events).toEqual([]);
    const idle = screenWith();
    idle.start();
    idle.stop();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(events).toEqual([]);
    expect(idle.detection).toBeUndefined();
  });
});

describe("the agent and the screen", () => {
  it("holds a turn the screen claims (no reply, StopResponse) and passes the others on", async () => {
    const held: string[] = [];
    const agent = new SwitchboardAgent(
      { llm_config: { messages: [] } },
      { holdTurn: (m) => (m.textContent === "Leave a message" ? (held.push(m.textContent), true) : false) },
    );
    const ctx = llm.ChatContext.empty();
    await expect(agent.onUserTurnCompleted(ctx, llm.ChatMessage.create({ role: "user", content: "Leave a message" }))).rejects.toBeInstanceOf(voice.StopResponse);
    await expect(agent.onUserTurnCompleted(ctx, llm.ChatMessage.create({ role: "user", content: "Hello" }))).resolves.toBeUndefined();
    expect(held).toEqual(["Leave a message"]);
  });
});

describe("a machine's message on a text-only session", () => {
  const sessions = useTextSessions();

  it("is spoken without a model reply and the call ends with end_reason voicemail", async () => {
    const c = await sessions.start({ assistant: { voicemail_detection: true, voicemail_message: "This is Acme, we will call back." } });
    const callee = new FakeCallee();
    const screen = new VoicemailScreen({
      languages: voicemailLanguages(c.config.assistant.stt_config.language),
      message: c.config.assistant.voicemail_message,
      callee,
      onHuman: () => {
        throw new Error("not a person");
      },
      leaveMessage: async (text) => void (await c.ender.speakThenEnd("voicemail", text)),
      timing: { quietMs: 50 },
    });
    screen.start();
    expect(screen.heard("Hi, you have reached the voicemail of Jan. Please leave a message after the beep.")).toBe(true);
    await expect(c.ended).resolves.toBe("voicemail");
    expect(assistantTexts(c)).toEqual(["This is Acme, we will call back."]);
    expect(sessions.fake.requests).toHaveLength(0);
    expect(screen.detection).toMatchObject({ result: "machine", message_left: true });
    screen.stop();
  });
});
