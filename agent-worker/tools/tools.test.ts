// Turn-level tool behaviour: the model (the loopback fake OpenAI, scripted) calls a tool, the
// worker posts the signed tool-calls webhook to a real local receiver, and the answer (or the
// failure) reaches the model, which carries on.
import { initializeLogger } from "@livekit/agents";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sendJson } from "../../tests/fakes/http";
import { startFakeOpenAI, type FakeOpenAI } from "../../tests/fakes/fake-openai";
import { DEFAULT_GOODBYE } from "../behaviours/ending";
import { callConfigFor, startConversation, startToolReceiver, type Conversation, type ToolReceiver } from "../testing/conversation";
import { ASYNC_ACKNOWLEDGEMENT } from "./webhook-tool";

initializeLogger({ pretty: false, level: "error" });

const SECRET = "tool-secret-123";
let fake: FakeOpenAI;
let receiver: ToolReceiver;
let conversation: Conversation | undefined;

beforeAll(async () => {
  [fake, receiver] = await Promise.all([startFakeOpenAI(), startToolReceiver(SECRET)]);
});
afterAll(async () => {
  await Promise.all([fake.close(), receiver.close()]);
});
afterEach(async () => {
  await conversation?.close();
  conversation = undefined;
  fake.reset();
  receiver.received.length = 0;
});

const availability = (server: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}) => ({
  type: "function",
  function: {
    name: "check_availability",
    description: "Checks free appointment slots on a date",
    parameters: { type: "object", properties: { date: { type: "string", description: "YYYY-MM-DD" } }, required: ["date"] },
  },
  ...(server ? { server } : {}),
  ...extra,
});

async function start(
  assistant: Record<string, unknown>,
  opts: {
    toolTimeoutMs?: number;
    call?: Record<string, unknown>;
    allowPrivateNetworks?: boolean;
    transferSip?: (destination: string) => Promise<void>;
    publishDtmf?: (code: number, digit: string) => Promise<void>;
  } = {},
) {
  conversation = await startConversation(callConfigFor({ openaiUrl: fake.baseUrl, assistant, call: opts.call }), {
    openaiUrl: fake.baseUrl,
    transferSip: opts.transferSip,
    publishDtmf: opts.publishDtmf,
    toolTimeoutMs: opts.toolTimeoutMs,
    allowPrivateNetworks: opts.allowPrivateNetworks,
  });
  return conversation;
}

const lastToolMessage = () => fake.requests.at(-1)?.messages.find((m) => m.role === "tool");

describe("function tools", () => {
  it("posts the signed tool-calls webhook and gives the receiver's result to the model", async () => {
    receiver.respond = (call, res) =>
      sendJson(res, 200, { results: [{ tool_call_id: call.body.message.tool_call_list[0]!.id, result: "3 slots free on 1 December" }] });
    fake.queueReplies({ toolCalls: [{ name: "check_availability", arguments: { date: "2026-12-01" }, id: "call_abc" }] }, "We have three slots.");
    const c = await start(
      { llm_config: { tools: [availability({ url: receiver.url, secret: SECRET })] }, webhook_url: "https://hooks.example.com/a", webhook_secret: "********" },
      { call: { caller_phone: "+31612345678", assistant_phone: "+31850000000", metadata: { lead_id: "L-1" } } },
    );

    const result = c.session.run({ userInput: "Anything free on the first of December?" });
    await result.wait();
    result.expect.nextEvent().isFunctionCall({ name: "check_availability", args: { date: "2026-12-01" } });
    result.expect.nextEvent().isFunctionCallOutput({ output: '"3 slots free on 1 December"', isError: false });
    result.expect.nextEvent().isMessage({ role: "assistant" });
    result.expect.noMoreEvents();

    // The model was offered the tool with its JSON Schema, and got the result back.
    expect(fake.requests[0]?.tools).toEqual([
      { name: "check_availability", description: "Checks free appointment slots on a date", parameters: expect.objectContaining({ required: ["date"] }) },
    ]);
    expect(lastToolMessage()).toMatchObject({ tool_call_id: "call_abc", content: '"3 slots free on 1 December"' });

    // The receiver got the HMS envelope, signed, without the tool's secret.
    expect(receiver.received).toHaveLength(1);
    const call = receiver.received[0]!;
    expect(call.signatureValid).toBe(true);
    expect(call.headers["x-webhook-event"]).toBe("tool-calls");
    expect(call.body.message).toMatchObject({
      type: "tool-calls",
      call: { id: c.config.call.id, type: "web_call", status: "in-progress" },
      customer: { number: "+31612345678" },
      phone_number: { number: "+31850000000" },
      assistant: { id: c.config.assistant.id, name: "Test clinic", webhook_url: "https://hooks.example.com/a", metadata: { lead_id: "L-1" } },
      tool_call_list: [{ id: "call_abc", type: "function", function: { name: "check_availability", arguments: { date: "2026-12-01" } } }],
    });
    expect(call.rawBody).not.toContain(SECRET);

    expect(c.recorder.records).toEqual([
      expect.objectContaining({ id: "call_abc", name: "check_availability", arguments: { date: "2026-12-01" }, result: "3 slots free on 1 December", error: null }),
    ]);
    expect(c.recorder.records[0]?.ended_at).toEqual(expect.any(String));
  });

  it.each([
    ["{result}", { result: { slots: 2 } }, '"{\\"slots\\":2}"'],
    ["any object", { slots: ["9:00", "10:00"] }, '"{\\"slots\\":[\\"9:00\\",\\"10:00\\"]}"'],
  ])("passes a %s answer to the model", async (_label, answer, output) => {
    receiver.respond = (_call, res) => sendJson(res, 200, answer);
    fake.queueReplies({ toolCalls: [{ name: "check_availability", arguments: { date: "2026-12-02" } }] }, "Done.");
    const c = await start({ llm_config: { tools: [availability({ url: receiver.url, secret: SECRET })] } });
    const result = c.session.run({ userInput: "Check the second." });
    await result.wait();
    result.expect.nextEvent().isFunctionCall({ name: "check_availability" });
    result.expect.nextEvent().isFunctionCallOutput({ output, isError: false });
  });

  it("turns a timeout into a tool error the model can speak about, and the call goes on", async () => {
    receiver.respond = async (_call, res) => {
      await new Promise((r) => setTimeout(r, 1_500));
      if (!res.destroyed) sendJson(res, 200, { result: "too late" });
    };
    fake.queueReplies({ toolCalls: [{ name: "check_availability", arguments: { date: "2026-12-03" } }] }, "Sorry, I can't check that right now.", "You're welcome.");
    const c = await start({ llm_config: { tools: [availability({ url: receiver.url, secret: SECRET })] } }, { toolTimeoutMs: 300 });

    const started = Date.now();
    const result = c.session.run({ userInput: "Anything on the third?" });
    await result.wait();
    expect(Date.now() - started).toBeLessThan(1_400);
    result.expect.nextEvent().isFunctionCall({ name: "check_availability" });
    const output = result.expect.nextEvent().isFunctionCallOutput({ isError: true }).event().item;
    expect(output.output).toMatch(/did not answer within/);
    result.expect.nextEvent().isMessage({ role: "assistant" });
    expect(c.recorder.records[0]).toMatchObject({ result: null, error: expect.stringMatching(/did not answer/) });

    const next = c.session.run({ userInput: "Thanks anyway." });
    await next.wait();
    next.expect.nextEvent().isMessage({ role: "assistant" });
  });

  it.each([
    ["an HTTP error", (res: Parameters<ToolReceiver["respond"]>[1]) => sendJson(res, 503, { message: "down" }), /failed \(HTTP 503\)/],
    ["an {error} answer", (res: Parameters<ToolReceiver["respond"]>[1]) => sendJson(res, 200, { error: "The calendar is closed today" }), /^The calendar is closed today$/],
  ])("reports %s to the model as a tool error", async (_label, respond, pattern) => {
    receiver.respond = (_call, res) => respond(res);
    fake.queueReplies({ toolCalls: [{ name: "check_availability", arguments: { date: "2026-12-04" } }] }, "Sorry about that.");
    const c = await start({ llm_config: { tools: [availability({ url: receiver.url, secret: SECRET })] } });
    const result = c.session.run({ userInput: "And the fourth?" });
    await result.wait();
    result.expect.nextEvent().isFunctionCall({ name: "check_availability" });
    const output = result.expect.nextEvent().isFunctionCallOutput({ isError: true }).event().item;
    expect(output.output).toMatch(pattern);
    result.expect.nextEvent().isMessage({ role: "assistant" });
  });

  it("rejects a forged signature at the receiver (the signature really is checked)", async () => {
    fake.queueReplies({ toolCalls: [{ name: "check_availability", arguments: { date: "2026-12-05" } }] }, "Sorry.");
    const c = await start({ llm_config: { tools: [availability({ url: receiver.url, secret: "not-the-receivers-secret" })] } });
    const result = c.session.run({ userInput: "The fifth?" });
    await result.wait();
    expect(receiver.received[0]?.signatureValid).toBe(false);
    result.expect.nextEvent().isFunctionCall({ name: "check_availability" });
    result.expect.nextEvent().isFunctionCallOutput({ isError: true });
  });

  it("tells the model a tool without a server is unavailable", async () => {
    fake.queueReplies({ toolCalls: [{ name: "check_availability", arguments: { date: "2026-12-06" } }] }, "I can't check that.");
    const c = await start({ llm_config: { tools: [availability(undefined)] } });
    const result = c.session.run({ userInput: "The sixth?" });
    await result.wait();
    result.expect.nextEvent().isFunctionCall({ name: "check_availability" });
    const output = result.expect.nextEvent().isFunctionCallOutput({ isError: true }).event().item;
    expect(output.output).toMatch(/unavailable: no server is configured/);
    expect(receiver.received).toHaveLength(0);
  });

  it("refuses a tool server on a loopback address when private networks are not allowed: a tool error, nothing sent", async () => {
    receiver.respond = (_call, res) => sendJson(res, 200, { result: "must not be asked" });
    fake.queueReplies({ toolCalls: [{ name: "check_availability", arguments: { date: "2026-12-07" } }] }, "I can't check that right now.", "Bye.");
    const c = await start({ llm_config: { tools: [availability({ url: receiver.url, secret: SECRET })] } }, { allowPrivateNetworks: false });
    const result = c.session.run({ userInput: "The seventh?" });
    await result.wait();
    result.expect.nextEvent().isFunctionCall({ name: "check_availability" });
    const output = result.expect.nextEvent().isFunctionCallOutput({ isError: true }).event().item;
    expect(output.output).toMatch(/^The tool "check_availability" is unavailable \(Requests to 127\.0\.0\.1 are blocked: it is a loopback address/);
    result.expect.nextEvent().isMessage({ role: "assistant" });
    expect(receiver.received).toHaveLength(0);
    expect(c.recorder.records[0]).toMatchObject({ result: null, error: expect.stringMatching(/blocked: it is a loopback address/) });

    // The call goes on.
    const next = c.session.run({ userInput: "Okay, thanks." });
    await next.wait();
    next.expect.nextEvent().isMessage({ role: "assistant" });
  });

  it("does not wait for an async tool and speaks the tool's message while it runs", async () => {
    let answered = false;
    receiver.respond = async (_call, res) => {
      await new Promise((r) => setTimeout(r, 800));
      answered = true;
      sendJson(res, 200, { result: "logged" });
    };
    fake.queueReplies({ toolCalls: [{ name: "log_callback", arguments: { reason: "billing" } }] }, "I've noted that.");
    const c = await start({
      llm_config: {
        tools: [
          {
            type: "function",
            function: { name: "log_callback", parameters: { type: "object", properties: { reason: { type: "string" } } } },
            server: { url: receiver.url, secret: SECRET },
            async: true,
            message: "One moment please.",
          },
        ],
      },
    });
    const result = c.session.run({ userInput: "Please have someone call me back about billing." });
    await result.wait();
    expect(answered).toBe(false);
    result.expect.containsFunctionCallOutput({ output: JSON.stringify(ASYNC_ACKNOWLEDGEMENT), isError: false });
    const said = c.session.history.items.filter((i) => i.type === "message" && i.role === "assistant").map((i) => i.type === "message" && i.textContent);
    expect(said).toContain("One moment please.");
    await expect.poll(() => receiver.received.length).toBe(1);
  });
});

describe("built-in tools", () => {
  it("end_call: the model says goodbye and the call ends as assistant_ended_call", async () => {
    fake.queueReplies({ content: "Goodbye, have a nice day!", toolCalls: [{ name: "end_call", arguments: {} }] });
    const c = await start({ llm_config: { tools: [{ type: "end_call" }] } });
    const result = c.session.run({ userInput: "That's all, bye." });
    await result.wait();
    result.expect.containsFunctionCall({ name: "end_call" });
    await expect(c.ended).resolves.toBe("assistant_ended_call");
    // The model's own goodbye suffices: no second one.
    const said = c.session.history.items.filter((i) => i.type === "message" && i.role === "assistant").map((i) => i.type === "message" && i.textContent);
    expect(said).toEqual(["Goodbye, have a nice day!"]);
    expect(fake.requests).toHaveLength(1);
    expect(c.recorder.records).toEqual([expect.objectContaining({ name: "end_call", result: "Ending the call." })]);
  });

  it("end_call: says speech_config.end_call_message (with variables), or a default when the model said nothing", async () => {
    fake.queueReplies({ toolCalls: [{ name: "end_call", arguments: {} }] });
    const c = await start({
      llm_config: { tools: [{ type: "end_call" }] },
      speech_config: { end_call_message: "Thanks {{first_name}}, bye!" },
    }, { call: { metadata: { first_name: "Ada" } } });
    await c.session.run({ userInput: "Bye." }).wait();
    await expect(c.ended).resolves.toBe("assistant_ended_call");
    expect(c.session.history.items.some((i) => i.type === "message" && i.textContent === "Thanks Ada, bye!")).toBe(true);

    await c.close();
    fake.queueReplies({ toolCalls: [{ name: "end_call", arguments: {} }] });
    const d = await start({ autonomous_silence_handling: true });
    await d.session.run({ userInput: "Bye." }).wait();
    await expect(d.ended).resolves.toBe("assistant_ended_call");
    expect(d.session.history.items.some((i) => i.type === "message" && i.textContent === DEFAULT_GOODBYE)).toBe(true);
  });

  it("transfer_call: the model picks a destination, its message is said, the web call ends as transferred", async () => {
    fake.queueReplies({ toolCalls: [{ name: "transfer_call", arguments: { destination: "+31201234567" } }] });
    const c = await start({
      llm_config: {
        tools: [
          {
            type: "transfer_call",
            destinations: [
              { number: "+31201234567", description: "Billing questions", message: "Connecting you to billing." },
              { number: "+31207654321", description: "Sales" },
            ],
          },
        ],
      },
    });
    const result = c.session.run({ userInput: "I have a question about my invoice." });
    await result.wait();
    result.expect.containsFunctionCall({ name: "transfer_call", args: { destination: "+31201234567" } });
    await expect(c.ended).resolves.toBe("transferred");
    const offered = fake.requests[0]?.tools.find((t) => t.name === "transfer_call");
    expect(offered?.description).toContain("+31201234567: Billing questions");
    expect(offered?.parameters).toMatchObject({ properties: { destination: { enum: ["+31201234567", "+31207654321"] } } });
    expect(c.session.history.items.some((i) => i.type === "message" && i.textContent === "Connecting you to billing.")).toBe(true);
    expect(c.recorder.records).toEqual([
      expect.objectContaining({ name: "transfer_call", arguments: { destination: "+31201234567" }, result: expect.stringContaining("+31201234567"), error: null }),
    ]);
  });

  it("transfer_call: an unknown destination is a tool error and the call goes on", async () => {
    fake.queueReplies({ toolCalls: [{ name: "transfer_call", arguments: { destination: "+10000000000" } }] }, "Let me try again.");
    const c = await start({ llm_config: { tools: [{ type: "transfer_call", destinations: [{ number: "+31201234567" }] }] } });
    const result = c.session.run({ userInput: "Transfer me." });
    await result.wait();
    result.expect.containsFunctionCallOutput({ isError: true });
    expect(c.ends).toEqual([]);
  });
});

describe("phone call tools", () => {
  const transferTool = { type: "transfer_call", destinations: [{ number: "+31201234567", description: "Billing", message: "Connecting you to billing." }] };
  const phone = { type: "inbound", caller_phone: "+31612345678" };

  it("transfer_call on a phone call hands the caller over by SIP, then ends as transferred", async () => {
    fake.queueReplies({ toolCalls: [{ name: "transfer_call", arguments: { destination: "+31201234567" } }] });
    const transfers: string[] = [];
    const c = await start({ llm_config: { tools: [transferTool] } }, { call: phone, transferSip: async (d) => void transfers.push(d) });
    await c.session.run({ userInput: "Billing please." }).wait();
    await expect(c.ended).resolves.toBe("transferred");
    expect(transfers).toEqual(["+31201234567"]);
    expect(c.recorder.records).toEqual([expect.objectContaining({ name: "transfer_call", result: "Transferred to +31201234567.", error: null })]);
  });

  it("a refused SIP transfer is a tool error, the model is told why and the call goes on", async () => {
    fake.queueReplies({ toolCalls: [{ name: "transfer_call", arguments: { destination: "+31201234567" } }] }, { match: "486 Busy Here", content: "Sorry, billing is busy right now." });
    const c = await start(
      { llm_config: { tools: [transferTool] } },
      { call: phone, transferSip: () => Promise.reject(new Error("The transfer to +31201234567 was refused: SIP call failed: 486 Busy Here")) },
    );
    await c.session.run({ userInput: "Billing please." }).wait();
    await waitFor(() => c.session.history.items.some((i) => i.type === "message" && i.textContent === "Sorry, billing is busy right now."));
    expect(c.ends).toEqual([]);
    expect(c.ender.isEnding).toBe(false);
    expect(c.recorder.records[0]).toMatchObject({ name: "transfer_call", result: null, error: expect.stringContaining("486 Busy Here") });
    // The reply above answers only a request that carries the far end's reason.
    expect(fake.requests.some((r) => JSON.stringify(r.messages).includes("SIP call failed: 486 Busy Here"))).toBe(true);
  });

  it("send_dtmf presses the keys in order with their RFC 4733 codes and tells the model", async () => {
    fake.queueReplies({ toolCalls: [{ name: "send_dtmf", arguments: { digits: "1 2#" } }] }, "Done.");
    const pressed: Array<[number, string]> = [];
    const c = await start({ llm_config: { tools: [{ type: "send_dtmf" }] } }, { call: phone, publishDtmf: async (code, digit) => void pressed.push([code, digit]) });
    await c.session.run({ userInput: "Press one, two, then hash." }).wait();
    expect(pressed).toEqual([[1, "1"], [2, "2"], [11, "#"]]);
    expect(fake.requests[0]?.tools.map((t) => t.name)).toContain("send_dtmf");
    expect(lastToolMessage()?.content).toBe(JSON.stringify("Pressed 12#."));
    expect(c.recorder.records).toEqual([expect.objectContaining({ name: "send_dtmf", arguments: { digits: "1 2#" }, result: "Pressed 12#." })]);
  });

  it("send_dtmf refuses keys a keypad does not have, pressing none", async () => {
    fake.queueReplies({ toolCalls: [{ name: "send_dtmf", arguments: { digits: "12x" } }] }, "Let me retry.");
    const pressed: string[] = [];
    const c = await start({ llm_config: { tools: [{ type: "send_dtmf" }] } }, { call: phone, publishDtmf: async (_code, digit) => void pressed.push(digit) });
    const result = c.session.run({ userInput: "Press it." });
    await result.wait();
    result.expect.containsFunctionCallOutput({ isError: true });
    expect(pressed).toEqual([]);
    expect(c.recorder.records[0]?.error).toContain('"X" is not a keypad key');
  });

  it("send_dtmf is not offered on a web call", async () => {
    fake.queueReplies("Hello.");
    const c = await start({ llm_config: { tools: [{ type: "send_dtmf" }] } });
    await c.session.run({ userInput: "Hi" }).wait();
    expect(fake.requests[0]?.tools.map((t) => t.name) ?? []).not.toContain("send_dtmf");
  });
});

async function waitFor(check: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("variables", () => {
  it("fills {{variables}} in the system prompt from built-ins and the call's metadata; unknown ones become empty", async () => {
    fake.queueReplies("Hello Ada.");
    const c = await start(
      {
        llm_config: {
          messages: [
            { role: "system", content: "Caller {{ first_name }} ({{customer.number}}) on call {{call_id}} for {{lead.company}}.{{unknown}} Today is {{current_date}}." },
          ],
        },
      },
      { call: { caller_phone: "+31612345678", metadata: { variables: { first_name: "Ada" }, lead: { company: "Acme" } } } },
    );
    await c.session.run({ userInput: "Hi" }).wait();
    const system = fake.requests[0]?.messages[0];
    const today = new Date().toISOString().slice(0, 10);
    expect(system).toEqual({ role: "system", content: `Caller Ada (+31612345678) on call ${c.config.call.id} for Acme. Today is ${today}.` });
  });
});
