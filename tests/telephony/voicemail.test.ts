// Voicemail detection on outbound calls, end to end: POST /calls/outbound with
// voicemail_detection on, the agent dials through LiveKit SIP, and sipp is the callee whose
// audio the test plays: a scripted answering-machine greeting (espeak-ng speech and a beep)
// or a scripted person saying hello. The fake STT transcribes each burst of speech as the
// next scripted utterance, so the agent's classifier gets the greeting's text.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PhoneMedia } from "./rtp";
import { freeUdpBlock } from "./sipp";
import { endedCall, makeSpeech, offeredMedia, SPEECH_LEVEL, startCallee, startTelephonyWorld, ulawMs, verbose, waitFor, withBeep, type TelephonyWorld } from "./telephony-stack";

const FIRST_MESSAGE = "Hello, this is the bakery calling about your order.";
const MACHINE_GREETING = "Hi, you have reached the voicemail of Jan. Please leave a message after the tone.";
const HUMAN_GREETING = "Hello, this is Jan speaking.";
const CALLEE_SAYS = "Oh great, when can I pick it up?";
const AGENT_REPLY = "Any time after ten tomorrow.";
const VOICEMAIL_MESSAGE = "Hello, this is the bakery. Your order is ready, please call us back.";

let world: TelephonyWorld;
let machineUlaw: Buffer;
let humanUlaw: Buffer;
let calleeUlaw: Buffer;
const SYSTEM_PROMPT = "You call the bakery's customers.";
/** The agent's requests for a reply (the post-call summary, made after the call, is another request). */
const conversationRequests = () => world.fakes.openai.requests.filter((r) => JSON.stringify(r.messages).includes(SYSTEM_PROMPT));

beforeAll(async () => {
  world = await startTelephonyWorld({
    firstMessage: FIRST_MESSAGE,
    heard: CALLEE_SAYS,
    reply: AGENT_REPLY,
    systemPrompt: SYSTEM_PROMPT,
  });
  machineUlaw = withBeep(world.dir, "machine", makeSpeech(world.dir, "machine", MACHINE_GREETING), { beepMs: 400, gapMs: 200 });
  humanUlaw = makeSpeech(world.dir, "human", HUMAN_GREETING);
  calleeUlaw = makeSpeech(world.dir, "callee", CALLEE_SAYS);
}, 600_000);

afterAll(async () => {
  await world?.stop();
});

type Turn = { role: string; content: string };
const said = (transcript: unknown, role: string) => (transcript as Turn[]).filter((t) => t.role === role).map((t) => t.content);

/** Dials the callee with voicemail detection on (and `voicemail_message` as given); resolves once the call is answered and in progress. */
async function dialWithDetection(number: { id: string }, media: PhoneMedia, phone: { messageFile: string }, voicemailMessage: string | null) {
  const res = await world.api("POST", "/calls/outbound", {
    assistant_id: world.assistantId,
    destination: "+31612345600",
    number_id: number.id,
    assistant_override: { voicemail_detection: true, voicemail_message: voicemailMessage },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const callId = res.body.call_id as string;
  media.connect(await offeredMedia(phone.messageFile, 30_000));
  await waitFor("the call to be answered", async () => (await world.db.call.findFirst({ where: { id: callId } }))?.status === "in_progress", 30_000);
  return { callId, answeredAt: Date.now() };
}

const reportOf = async (callId: string) => {
  const ofCall = () => world.receiver.requests.filter((r) => (r.json.message.call as { id?: string } | undefined)?.id === callId);
  await waitFor("the end-of-call report", async () => ofCall().some((r) => r.json.message.type === "end-of-call-report"), 30_000);
  return ofCall().find((r) => r.json.message.type === "end-of-call-report")!.json.message;
};

describe("voicemail detection on outbound calls", () => {
  it("takes a machine greeting for a machine: no greeting, the voicemail message after the beep, then a hang-up with end_reason voicemail", async () => {
    const media = await PhoneMedia.open(await freeUdpBlock());
    try {
      const { phone, number } = await startCallee(world, "callee-media-far-hangup.xml", { media, pauseMs: 500, timeoutSeconds: 90 });
      world.fakes.deepgram.queueUtterances(MACHINE_GREETING);
      const chatRequestsBefore = conversationRequests().length;
      const { callId, answeredAt } = await dialWithDetection(number, media, phone, VOICEMAIL_MESSAGE);

      media.speak(machineUlaw);
      const greetingEndsAt = answeredAt + ulawMs(machineUlaw);
      const messageAt = await media.waitForSpeech({ since: answeredAt, level: SPEECH_LEVEL, count: 10 });
      const quietAt = await media.waitForQuiet({ since: messageAt, level: SPEECH_LEVEL, count: 25 });
      verbose(`voicemail message began ${messageAt - greetingEndsAt} ms after the beep ended, ${media.packetsAbove(SPEECH_LEVEL, messageAt, quietAt)} loud packets`);
      // Nothing was said over the machine's greeting and beep; then the message, with energy.
      expect(media.packetsAbove(SPEECH_LEVEL, 0, greetingEndsAt)).toBe(0);
      expect(messageAt).toBeGreaterThan(greetingEndsAt);
      expect(media.packetsAbove(SPEECH_LEVEL, messageAt, quietAt)).toBeGreaterThan(50);

      // The agent hung up (LiveKit SIP sent the BYE the callee waits for).
      const result = await phone.done;
      expect(result.code, result.output.slice(-800)).toBe(0);
      const call = await endedCall(world, callId, 30_000);
      expect(call).toMatchObject({ status: "ended", type: "outbound", endReason: "voicemail" });
      expect(said(call.transcript, "assistant")).toEqual([VOICEMAIL_MESSAGE]);
      // The machine's greeting is one user turn (the fake STT may hear its pause and beep as
      // further bursts, which the framework commits with it; each gets the default transcript).
      expect(said(call.transcript, "user")).toEqual([expect.stringContaining(MACHINE_GREETING)]);
      expect(call.voicemail).toMatchObject({ result: "machine", greeting: expect.stringContaining(MACHINE_GREETING), message_left: true, matched: expect.arrayContaining(["leave a message", "after the tone"]) });
      // No conversation: the model was never asked for a reply.
      expect(conversationRequests().length).toBe(chatRequestsBefore);

      const report = await reportOf(callId);
      expect(report).toMatchObject({ end_reason: "voicemail", voicemail: { result: "machine", message_left: true }, call: { type: "outbound_phone_call" } });
    } finally {
      media.close();
    }
  }, 150_000);

  it("hangs up on a machine at once, saying nothing, when no voicemail message is set", async () => {
    const media = await PhoneMedia.open(await freeUdpBlock());
    try {
      const { phone, number } = await startCallee(world, "callee-media-far-hangup.xml", { media, pauseMs: 500, timeoutSeconds: 90 });
      world.fakes.deepgram.queueUtterances(MACHINE_GREETING);
      const { callId, answeredAt } = await dialWithDetection(number, media, phone, null);
      media.speak(machineUlaw);

      const result = await phone.done;
      expect(result.code, result.output.slice(-800)).toBe(0);
      const hungUpAfter = Date.now() - answeredAt;
      verbose(`hung up ${hungUpAfter - ulawMs(machineUlaw)} ms after the greeting ended`);
      // The call lasted the greeting and its transcript, no more (well short of the 30 s media timeout).
      expect(hungUpAfter).toBeLessThan(ulawMs(machineUlaw) + 8_000);
      expect(media.packetsAbove(SPEECH_LEVEL)).toBe(0);
      const call = await endedCall(world, callId, 30_000);
      expect(call).toMatchObject({ status: "ended", endReason: "voicemail" });
      expect(said(call.transcript, "assistant")).toEqual([]);
      expect(said(call.transcript, "user")).toEqual([expect.stringContaining(MACHINE_GREETING)]);
      expect(call.voicemail).toMatchObject({ result: "machine", message_left: false });
    } finally {
      media.close();
    }
  }, 120_000);

  it("takes a person's hello for a person: the greeting after it, then the conversation", async () => {
    const media = await PhoneMedia.open(await freeUdpBlock());
    try {
      // The callee hangs up 30 s after answering.
      const { phone, number } = await startCallee(world, "callee-media.xml", { media, pauseMs: 30_000, timeoutSeconds: 90 });
      world.fakes.deepgram.queueUtterances(HUMAN_GREETING);
      const { callId, answeredAt } = await dialWithDetection(number, media, phone, VOICEMAIL_MESSAGE);

      media.speak(humanUlaw);
      const helloEndsAt = answeredAt + ulawMs(humanUlaw);
      const greetedAt = await media.waitForSpeech({ since: answeredAt, level: SPEECH_LEVEL, count: 10 });
      expect(media.packetsAbove(SPEECH_LEVEL, 0, helloEndsAt)).toBe(0);
      expect(greetedAt).toBeGreaterThan(helloEndsAt);
      const quietAt = await media.waitForQuiet({ since: greetedAt, level: SPEECH_LEVEL, count: 25 });
      verbose(`greeted ${greetedAt - helloEndsAt} ms after the callee's hello`);
      expect(media.packetsAbove(SPEECH_LEVEL, greetedAt, quietAt)).toBeGreaterThan(25);

      const spokeAt = Date.now();
      media.speak(calleeUlaw);
      const speechEndsAt = spokeAt + ulawMs(calleeUlaw);
      const repliedAt = await media.waitForSpeech({ since: speechEndsAt, level: SPEECH_LEVEL, count: 10 });
      expect(repliedAt).toBeGreaterThan(speechEndsAt);

      const result = await phone.done;
      expect(result.code, result.output.slice(-800)).toBe(0);
      const call = await endedCall(world, callId, 30_000);
      expect(call).toMatchObject({ status: "ended", endReason: "user_hangup" });
      expect(said(call.transcript, "assistant")).toEqual([FIRST_MESSAGE, AGENT_REPLY]);
      expect(said(call.transcript, "user")).toEqual([HUMAN_GREETING, CALLEE_SAYS]);
      expect(call.voicemail).toMatchObject({ result: "human", greeting: HUMAN_GREETING, message_left: false });
      // The model saw the callee's hello before the greeting, and the reply it gave followed the question.
      const lastPrompt = JSON.stringify(conversationRequests().at(-1)?.messages ?? []);
      expect(lastPrompt).toContain(HUMAN_GREETING);
      expect(lastPrompt).toContain(CALLEE_SAYS);

      const report = await reportOf(callId);
      expect(report).toMatchObject({ end_reason: "user_hangup", voicemail: { result: "human" } });
    } finally {
      media.close();
    }
  }, 150_000);
});
