// Call control through the room's data messages: only messages signed with the worker secret
// for this call run, each once, and each is acknowledged; the commands act on a live
// text-only session.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signControlMessage } from "../lib/contract/control-message";
import { ControlReceiver, conversationControl } from "./control";
import { assistantTexts, useTextSessions } from "./testing/text-sessions";

const SECRET = "worker-secret-for-control";
const sessions = useTextSessions();

interface Ack {
  commandId: string;
  status: string;
  error?: string;
}

async function setup() {
  const c = await sessions.start();
  const acks: Ack[] = [];
  const receiver = new ControlReceiver({
    callId: c.config.call.id,
    secret: SECRET,
    actions: conversationControl({ session: c.session, agent: c.agent, ender: c.ender, recorder: c.recorder }),
    acknowledge: async (commandId, status, error) => void acks.push({ commandId, status, ...(error ? { error } : {}) }),
  });
  const send = (command: Record<string, unknown>, opts: { id?: string; secret?: string; callId?: string } = {}) => {
    const message = signControlMessage(opts.secret ?? SECRET, {
      id: opts.id ?? randomUUID(),
      call_id: opts.callId ?? c.config.call.id,
      issued_at: new Date().toISOString(),
      command: command as never,
    });
    return { id: message.id, outcome: receiver.receive(new TextEncoder().encode(JSON.stringify(message))) };
  };
  return { c, acks, receiver, send };
}

describe("control messages", () => {
  it("rejects forged, tampered and other-call messages without running or acknowledging them", async () => {
    const { c, acks, receiver, send } = await setup();
    await expect(send({ type: "say", content: "forged" }, { secret: "browser-guess" }).outcome).resolves.toBe("rejected");
    await expect(send({ type: "say", content: "elsewhere" }, { callId: randomUUID() }).outcome).resolves.toBe("rejected");
    const genuine = signControlMessage(SECRET, { id: randomUUID(), call_id: c.config.call.id, issued_at: new Date().toISOString(), command: { type: "say", content: "hi", interrupt: false, end_after: false } });
    const tampered = { ...genuine, command: { ...genuine.command, content: "tampered" } };
    await expect(receiver.receive(JSON.stringify(tampered))).resolves.toBe("rejected");
    await expect(receiver.receive("not json")).resolves.toBe("rejected");
    expect(acks).toEqual([]);
    expect(assistantTexts(c)).toEqual([]);
  });

  it("say: speaks the text once for a duplicated command and acknowledges it", async () => {
    const { c, acks, send } = await setup();
    const id = randomUUID();
    await expect(send({ type: "say", content: "Your order has shipped." }, { id }).outcome).resolves.toBe("acknowledged");
    await expect(send({ type: "say", content: "Your order has shipped." }, { id }).outcome).resolves.toBe("duplicate");
    await expect.poll(() => assistantTexts(c)).toEqual(["Your order has shipped."]);
    expect(acks).toEqual([{ commandId: id, status: "acknowledged" }]);
  });

  it("say with end_after: speaks, then ends the call as api_ended_call", async () => {
    const { c, send } = await setup();
    await expect(send({ type: "say", content: "We are closing now.", end_after: true }).outcome).resolves.toBe("acknowledged");
    await expect(c.ended).resolves.toBe("api_ended_call");
    expect(assistantTexts(c)).toEqual(["We are closing now."]);
  });

  it("inject-context: adds a system message the model sees, and trigger_response makes it answer", async () => {
    sessions.fake.queueReplies("Your appointment moved to 3 pm.");
    const { c, send } = await setup();
    await expect(send({ type: "inject_context", content: "The appointment moved to 3 pm.", trigger_response: true }).outcome).resolves.toBe("acknowledged");
    await expect.poll(() => assistantTexts(c)).toEqual(["Your appointment moved to 3 pm."]);
    expect(sessions.fake.requests[0]?.messages).toContainEqual({ role: "system", content: "The appointment moved to 3 pm." });
  });

  it("end-call: says the goodbye and ends; later commands fail because the call is ending", async () => {
    const { c, acks, send } = await setup();
    await expect(send({ type: "end-call", message: "Goodbye from the office." }).outcome).resolves.toBe("acknowledged");
    await expect(c.ended).resolves.toBe("api_ended_call");
    expect(assistantTexts(c)).toEqual(["Goodbye from the office."]);
    await expect(send({ type: "say", content: "too late" }).outcome).resolves.toBe("failed");
    expect(acks.at(-1)).toMatchObject({ status: "failed", error: "the call is already ending" });
  });

  it("transfer: says the message, records the request and ends the web call as transferred", async () => {
    const { c, send } = await setup();
    const { id } = send({ type: "transfer", destination: "+31201234567", message: "Transferring you to our team." });
    await expect(c.ended).resolves.toBe("transferred");
    expect(assistantTexts(c)).toEqual(["Transferring you to our team."]);
    expect(c.recorder.records).toEqual([
      expect.objectContaining({ id, name: "transfer_call", arguments: { destination: "+31201234567", source: "api" }, error: null }),
    ]);
  });

  it("acknowledges an invalid command as failed", async () => {
    const { acks, send } = await setup();
    await expect(send({ type: "dance" }).outcome).resolves.toBe("failed");
    expect(acks[0]).toMatchObject({ status: "failed", error: expect.stringMatching(/^invalid command/) });
  });
});
