// End to end through the real pieces: a LiveKit server on test ports, the agent worker as
// its own process, the provider fakes, a stand-in for the app's internal API, and a
// headless rtc-node caller that speaks and listens.
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_ATTRIBUTE, ERROR_CODE_ATTRIBUTE, ERROR_TOPIC } from "../../lib/contract/wire";
import { concatPcm, silence, speechLike } from "../fakes/audio";
import type { Fakes } from "../fakes/start-fakes";
import { MIC_SAMPLE_RATE } from "./harness/caller";
import { FIRST_MESSAGE, makeCallConfig, SYSTEM_PROMPT } from "./harness/fixtures";
import type { InternalApiStandIn } from "./harness/internal-api";
import { LOG_DIR, PLATFORM_KEYS, startWorkerStack, type WorkerStack } from "./harness/stack";
import { findFreePort } from "../../scripts/lib/ports";
import type { CallConfig } from "../../lib/contract/call-config";

const AGENT = "switchboard-agent-test";
const AGENT_WITHOUT_STT_KEY = "switchboard-agent-test-nodg";
const WORKER_SECRET = "worker-secret-for-tests";
const LLM_REPLY = "We are open from nine to five, Monday to Friday.";
const USER_UTTERANCE = "What are your opening hours?";

let stack: WorkerStack;
let fakes: Fakes;
let api: InternalApiStandIn;

async function newCall(
  agentName: string,
  opts: { firstMessage?: string | null; deepgramUrl?: string; maxDurationSeconds?: number; providerKeys?: CallConfig["provider_keys"] } = {},
) {
  const roomName = `call-${randomUUID()}`;
  const config = makeCallConfig({ roomName, openaiUrl: fakes.openaiUrl, deepgramUrl: fakes.deepgramUrl, ...opts });
  const caller = await stack.placeCall(config, agentName, { textTopics: [ERROR_TOPIC, "lk.transcription"] });
  return { config, caller, callId: config.call.id };
}

beforeAll(async () => {
  stack = await startWorkerStack({
    secret: WORKER_SECRET,
    livekitLogName: "livekit.log",
    fakes: { openai: { defaultReply: LLM_REPLY }, deepgram: { defaultTranscript: USER_UTTERANCE, apiKey: "dg-test-key" } },
    workers: [
      { agentName: AGENT, logName: "worker.log", env: PLATFORM_KEYS },
      { agentName: AGENT_WITHOUT_STT_KEY, logName: "worker-no-stt-key.log", env: { OPENAI_API_KEY: PLATFORM_KEYS.OPENAI_API_KEY } },
    ],
  });
  ({ fakes, api } = stack);
}, 90_000);

afterAll(async () => {
  await stack?.stop();
}, 30_000);

describe("agent worker against a real LiveKit server", () => {
  it("greets, hears the caller, answers from the LLM, and reports both turns when the caller hangs up", async () => {
    const logFile = path.join(LOG_DIR, "worker.log");
    const logOffset = existsSync(logFile) ? statSync(logFile).size : 0;
    const { caller, callId } = await newCall(AGENT);

    // The first message is spoken: real audio arrives from the agent.
    const greetedAt = await caller.waitForAgentAudio({ timeoutMs: 20_000 });
    expect(greetedAt).toBeGreaterThan(caller.joinedAt);
    const started = await api.waitForEvent(callId, "started", 5_000);
    expect(Date.parse(started.at)).toBeLessThanOrEqual(greetedAt);
    await caller.waitForAgentQuiet({ quietMs: 600, timeoutMs: 15_000 });
    expect(fakes.openai.ttsTexts).toContain(FIRST_MESSAGE);

    // The caller says something: silence, a voice-like burst, silence.
    const spoken = await caller.speak(
      concatPcm([silence(300, MIC_SAMPLE_RATE), speechLike(1000, MIC_SAMPLE_RATE), silence(200, MIC_SAMPLE_RATE)]),
    );

    // STT heard it, the LLM got the system prompt and the transcript, the reply was spoken.
    await caller.waitFor(() => fakes.deepgram.transcripts.length > 0, 10_000, "a transcript");
    const request = await caller.waitFor(
      () => fakes.openai.requests.find((r) => r.messages.some((m) => m.role === "user" && m.content === USER_UTTERANCE)),
      10_000,
      "the LLM request",
    );
    expect(request.messages[0]).toEqual({ role: "system", content: SYSTEM_PROMPT });
    expect(request.messages.map((m) => m.role)).toEqual(["system", "assistant", "user"]);
    await caller.waitFor(() => fakes.openai.ttsTexts.includes(LLM_REPLY), 10_000, "the reply to be synthesised");
    const repliedAt = await caller.waitForAgentAudio({ since: spoken.endedAt, timeoutMs: 10_000 });
    expect(repliedAt).toBeGreaterThan(spoken.endedAt);
    await caller.waitForAgentQuiet({ quietMs: 500, timeoutMs: 15_000 });

    // The caller hangs up; the worker reports the call exactly once.
    await caller.leave();
    const ended = await api.waitForEvent(callId, "ended", 15_000);
    expect(ended).toMatchObject({ status: "ended", end_reason: "user_hangup", error: null, started_at: started.at });
    expect(ended.transcript.map((t) => [t.role, t.content])).toEqual([
      ["assistant", FIRST_MESSAGE],
      ["user", USER_UTTERANCE],
      ["assistant", LLM_REPLY],
    ]);
    for (const turn of ended.transcript) expect(Date.parse(turn.ended_at)).toBeGreaterThanOrEqual(Date.parse(turn.started_at));
    await new Promise((r) => setTimeout(r, 500));
    expect(api.events.filter((e) => e.callId === callId).map((e) => e.event.type)).toEqual(["started", "ended"]);

    // Transcripts also reached the caller over the built-in lk.transcription streams.
    expect(caller.texts.some((t) => t.topic === "lk.transcription" && t.text.includes("nine to five"))).toBe(true);

    // The framework logs what was said under lk.pii.* keys; the worker's log keeps none of it.
    // (The job's own logger binds lk.pii.room_name before any agent code runs; our room names
    // are call-<uuid>, no personal data.)
    const logged = readFileSync(logFile).subarray(logOffset).toString("utf8");
    expect(logged).toContain(callId); // this call's lines are there...
    expect(logged).not.toContain(LLM_REPLY); // ...but not the words spoken
    expect(logged).not.toContain(USER_UTTERANCE);
    expect(logged).not.toMatch(/"lk\.pii\.(message|transcript|user_transcript|user_input)"/);
  }, 60_000);

  it("ends a call cleanly when the Deepgram key is missing, and tells the caller why", async () => {
    const { caller, callId } = await newCall(AGENT_WITHOUT_STT_KEY);

    const ended = await api.waitForEvent(callId, "ended", 15_000);
    expect(ended.status).toBe("failed");
    expect(ended.end_reason).toBe("provider_error");
    expect(ended.error).toMatch(/deepgram/i);
    expect(ended.error).toMatch(/stt/);
    expect(ended.started_at).toBeUndefined();

    const notice = await caller.waitFor(() => caller.texts.find((t) => t.topic === ERROR_TOPIC), 5_000, "the error message");
    expect(notice.text).toBe(ended.error);
    expect(notice.attributes.code).toBe("provider_error");
    const attributes = await caller.waitFor(
      () => caller.agentAttributes.find((a) => a[ERROR_ATTRIBUTE]),
      5_000,
      "the error attribute",
    );
    expect(attributes).toMatchObject({ [ERROR_ATTRIBUTE]: ended.error, [ERROR_CODE_ATTRIBUTE]: "provider_error" });
    // The agent hangs up by deleting the room.
    await caller.waitFor(() => !caller.room.isConnected || undefined, 10_000, "the room to close");
  }, 30_000);

  it("ends a call whose STT provider is unreachable, naming the provider and the cause", async () => {
    // A Deepgram URL of the organisation's own needs the organisation's own key (BYOK).
    const { caller, callId } = await newCall(AGENT, {
      deepgramUrl: `ws://127.0.0.1:${await findFreePort()}`,
      providerKeys: { deepgram: { api_key: "dg-test-key", base_url: undefined } },
    });

    // The plugin retries (about 4 s) before the failure ends the session.
    const ended = await api.waitForEvent(callId, "ended", 20_000);
    expect(ended).toMatchObject({ status: "failed", end_reason: "provider_error", error: "deepgram (stt): connection refused" });
    const notice = await caller.waitFor(() => caller.texts.find((t) => t.topic === ERROR_TOPIC), 5_000, "the error message");
    expect(notice.text).toBe("deepgram (stt): connection refused");
    await caller.waitFor(() => !caller.room.isConnected || undefined, 10_000, "the room to close");
  }, 30_000);

  it("hangs up when the assistant's maximum call duration is reached", async () => {
    const { caller, callId } = await newCall(AGENT, { maxDurationSeconds: 3, firstMessage: null });
    const started = await api.waitForEvent(callId, "started", 15_000);
    const ended = await api.waitForEvent(callId, "ended", 15_000);
    expect(ended).toMatchObject({ status: "ended", end_reason: "max_duration", error: null });
    expect(Date.parse(ended.ended_at) - Date.parse(started.at)).toBeGreaterThanOrEqual(3_000);
    await caller.waitFor(() => !caller.room.isConnected || undefined, 10_000, "the room to close");
  }, 30_000);

  it("ends the job without a session when the app says the call is gone", async () => {
    const roomName = `call-${randomUUID()}`;
    const callId = randomUUID();
    api.setCallStatus(callId, 409);
    await stack.dispatch.createDispatch(roomName, AGENT, { metadata: JSON.stringify({ call_id: callId }) });
    await api.waitForConfigRequest(callId, 25_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(api.events.filter((e) => e.callId === callId)).toEqual([]);
  }, 30_000);
});
