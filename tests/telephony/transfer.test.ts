// Transfers and keypad tones on inbound phone calls, end to end: sipp is the caller's provider
// and takes LiveKit SIP's REFER (tests/telephony/scenarios/caller-transfer.xml), answering
// with the outcome the test picks; the test's RTP socket presses keys (RFC 4733 events) and
// hears the keys the agent presses. The fake LLM is scripted to react to pressed keys.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PhoneMedia } from "./rtp";
import { freeUdpBlock, runSipp, type SippResult } from "./sipp";
import { answeredMedia, endedCall as endedCallOf, SPEECH_LEVEL, startTelephonyWorld, waitFor, type TelephonyWorld } from "./telephony-stack";

const FIRST_MESSAGE = "Thank you for calling the garage.";
const CALLER = "+31612340000";
const SALES = "+31201110000";
const PROVIDER = "127.0.0.1:5999";
const NOT_REFERRED = "200 OK";

let ctx: TelephonyWorld;
let assistantId: string;
let keysFor: (keys: string) => string;

beforeAll(async () => {
  ctx = await startTelephonyWorld({ firstMessage: FIRST_MESSAGE, heard: "Hello?", reply: "How can I help?", systemPrompt: "You answer the garage's phone." });
  ({ dtmfInputOf: keysFor } = await import("../../agent-worker/dtmf"));
  // The world's assistant, with the transfer and keypad tools.
  const { createAssistant } = await import("../../lib/assistants/assistants");
  const assistant = await createAssistant({ organizationId: ctx.org.id }, {
    name: "Garage line",
    first_message: FIRST_MESSAGE,
    stt_config: { provider: "deepgram", base_url: ctx.fakes.deepgramUrl },
    llm_config: {
      provider: "openai-compatible",
      model: "fake-model",
      base_url: ctx.fakes.openaiUrl,
      messages: [{ role: "system", content: "You answer the garage's phone. Callers press 1 for sales." }],
      tools: [{ type: "transfer_call", destinations: [{ number: SALES, description: "Sales", message: "Connecting you to sales." }] }, { type: "send_dtmf" }],
    },
    tts_config: { provider: "openai", model: "tts-1", voice_id: "alloy", base_url: ctx.fakes.openaiUrl },
  } as never);
  assistantId = (assistant as { id: string }).id;
}, 600_000);

afterAll(async () => {
  await ctx?.stop();
});

let numberSeq = 0;
/** A number of the organisation with a transfer trunk whose SIP server is PROVIDER (or none). */
async function numberWithTrunk(withTrunk = true) {
  const trunk = withTrunk
    ? await ctx.telephony.createSipTrunk({ organizationId: ctx.org.id }, { name: `Provider ${numberSeq}`, outboundAddress: PROVIDER, inboundAddresses: ["127.0.0.1/32"] } as never)
    : null;
  const phoneNumber = `+3120222000${numberSeq++}`;
  return ctx.telephony.createPhoneNumber({ organizationId: ctx.org.id }, { phone_number: phoneNumber, assistant_id: assistantId, transfer_trunk_id: trunk?.id ?? null } as never);
}

/** Places a call that sipp (as the caller's provider) lets be transferred; resolves once the greeting was heard. */
async function callIn(number: { id: string; phone_number: string }, statuses: { first: string; second?: string }) {
  const media = await PhoneMedia.open(await freeUdpBlock());
  const phone = await runSipp({
    scenario: "caller-transfer.xml",
    target: ctx.stack.sipAddress!,
    service: number.phone_number,
    keys: { caller: CALLER, phone_media_port: media.port, transfer_status: statuses.first, second_status: statuses.second ?? NOT_REFERRED },
    audioDir: ctx.dir,
    logDir: path.join(ctx.dir, "sipp"),
    name: number.phone_number.replace("+", ""),
    timeoutSeconds: 100,
  });
  media.connect(await answeredMedia(phone.messageFile, 20_000));
  const greetedAt = await media.waitForSpeech({ since: 0, level: SPEECH_LEVEL, count: 10 });
  await media.waitForQuiet({ since: greetedAt, level: SPEECH_LEVEL, count: 25 });
  const call = await waitFor("the call to be in progress", async () => {
    const row = await ctx.db.call.findFirst({ where: { numberId: number.id } });
    return row?.status === "in_progress" ? row : null;
  }, 20_000);
  return { media, phone, call };
}

const callRow = (id: string) => ctx.db.call.findFirstOrThrow({ where: { id } });
const endedCall = (id: string) => endedCallOf(ctx, id, 30_000);

/** Refer-To headers of the REFERs sipp received, in order. */
const referTargets = (result: SippResult) => [...result.messages.matchAll(/^\s*REFER sip:[\s\S]*?^\s*Refer-To:\s*([^\r\n]+)/gm)].map((m) => m[1]!.trim());

const control = (callId: string, body: unknown) => ctx.api("POST", `/calls/${callId}/control`, body);

const chatRequestWith = (text: string) => ctx.fakes.openai.requests.some((r) => JSON.stringify(r.messages).includes(text));

describe("transfers and keypad tones on phone calls", () => {
  it("keys the caller presses reach the model and the transcript; the transfer_call tool sends a REFER and a 200 NOTIFY ends the call as transferred", async () => {
    const number = await numberWithTrunk();
    ctx.fakes.openai.queueReplies({ match: keysFor("1#"), toolCalls: [{ name: "transfer_call", arguments: { destination: SALES } }] });
    const { media, phone, call } = await callIn(number, { first: "200 OK" });
    try {
      media.pressKeys("1#");
      const result = await phone.done;
      expect(result.code, result.output.slice(-2000)).toBe(0);
      expect(referTargets(result)).toEqual([`<sip:${SALES}@${PROVIDER}>`]);
      expect(chatRequestWith(keysFor("1#"))).toBe(true);

      const ended = await endedCall(call.id);
      expect(ended).toMatchObject({ status: "transferred", endReason: "transferred", transferDestination: SALES });
      const transcript = ended.transcript as { role: string; content: string; type?: string }[];
      expect(transcript).toContainEqual(expect.objectContaining({ role: "user", type: "dtmf", content: "1#" }));
      expect(transcript.filter((t) => t.role === "assistant").map((t) => t.content)).toEqual(expect.arrayContaining([FIRST_MESSAGE, "Connecting you to sales."]));
      expect(ended.toolCalls).toContainEqual(expect.objectContaining({ name: "transfer_call", arguments: { destination: SALES }, error: null }));

      // The public view and the end-of-call report carry the outcome and where the caller went.
      expect((await ctx.api("GET", `/calls/${call.id}`)).body).toMatchObject({ status: "transferred", end_reason: "transferred", transfer_destination: SALES });
      const report = await waitFor("the end-of-call report", async () =>
        ctx.receiver.requests.find((r) => r.json.message.type === "end-of-call-report" && (r.json.message.call as { id?: string }).id === call.id), 30_000);
      expect(report.json.message).toMatchObject({ call: { status: "transferred" }, end_reason: "transferred", transfer_destination: SALES });
    } finally {
      media.close();
    }
  }, 150_000);

  it("a refused transfer (486) keeps the call up: the model is told and says so, the control command answers 502; send_dtmf presses keys the phone hears", async () => {
    const number = await numberWithTrunk();
    ctx.fakes.openai.queueReplies(
      { match: keysFor("1#"), toolCalls: [{ name: "transfer_call", arguments: { destination: SALES } }] },
      { match: "486 Busy Here", content: "Sorry, sales is busy right now." },
      { match: keysFor("9#"), toolCalls: [{ name: "send_dtmf", arguments: { digits: "42" } }] },
    );
    const { media, phone, call } = await callIn(number, { first: "486 Busy Here", second: "486 Busy Here" });
    try {
      const pressedAt = Date.now();
      media.pressKeys("1#");
      // The model hears why the transfer failed, and the caller hears its apology.
      await waitFor("the model to be told", async () => chatRequestWith("SIP call failed: 486 Busy Here"), 30_000);
      await waitFor("the apology to be said", async () => ctx.fakes.openai.ttsTexts.some((t) => t.includes("Sorry, sales is busy")), 20_000);
      await media.waitForSpeech({ since: pressedAt, level: SPEECH_LEVEL, count: 10 });
      expect((await callRow(call.id)).status).toBe("in_progress");

      // The control command: the REFER goes out, the far end refuses, the API caller hears why.
      const refused = await control(call.id, { type: "transfer", destination: "sip:desk@pbx.example.net" });
      expect(refused.status).toBe(502);
      expect(refused.body.error).toMatchObject({ code: "command_failed", message: expect.stringContaining("486 Busy Here") });
      expect(await callRow(call.id)).toMatchObject({ status: "in_progress", transferDestination: null });

      // The agent presses keys on the line.
      media.pressKeys("9#");
      await waitFor("the keys the agent pressed", async () => media.receivedKeys().join("") === "42", 20_000);

      const ended = await control(call.id, { type: "end-call" });
      expect(ended.status).toBe(200);
      const result = await phone.done;
      expect(result.code, result.output.slice(-2000)).toBe(0);
      expect(referTargets(result)).toEqual([`<sip:${SALES}@${PROVIDER}>`, "<sip:desk@pbx.example.net>"]);
      const row = await endedCall(call.id);
      expect(row).toMatchObject({ status: "ended", endReason: "api_ended_call", transferDestination: null });
      const tools = row.toolCalls as { name: string; result: string | null; error: string | null }[];
      expect(tools.find((t) => t.name === "transfer_call")?.error).toContain("486 Busy Here");
      expect(tools.find((t) => t.name === "send_dtmf")?.result).toBe("Pressed 42.");
      expect((row.transcript as { type?: string; content: string }[]).filter((t) => t.type === "dtmf").map((t) => t.content)).toEqual(["1#", "9#"]);
    } finally {
      media.close();
    }
  }, 150_000);

  it("the transfer control command moves the caller to a SIP URI; a number without a transfer trunk is refused before anything is sent", async () => {
    const bare = await numberWithTrunk(false);
    const first = await callIn(bare, { first: "200 OK" });
    try {
      const refused = await control(first.call.id, { type: "transfer", destination: SALES });
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ code: "validation_error", param: "destination", message: expect.stringContaining("no transfer trunk") });
      expect(await ctx.db.callCommand.count({ where: { callId: first.call.id } })).toBe(0);
      expect((await control(first.call.id, { type: "end-call" })).status).toBe(200);
      const result = await first.phone.done;
      expect(referTargets(result)).toEqual([]);
    } finally {
      first.media.close();
    }

    const number = await numberWithTrunk();
    const { media, phone, call } = await callIn(number, { first: "200 OK" });
    try {
      const res = await control(call.id, { type: "transfer", destination: "sip:desk@pbx.example.net", message: "One moment." });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const result = await phone.done;
      expect(result.code, result.output.slice(-2000)).toBe(0);
      expect(referTargets(result)).toEqual(["<sip:desk@pbx.example.net>"]);
      expect(await endedCall(call.id)).toMatchObject({ status: "transferred", endReason: "transferred", transferDestination: "sip:desk@pbx.example.net" });
    } finally {
      media.close();
    }
  }, 200_000);
});
