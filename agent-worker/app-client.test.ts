import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCallConfig } from "../tests/worker/harness/fixtures";
import { startInternalApi, type InternalApiStandIn } from "../tests/worker/harness/internal-api";
import { AppApiError, CallUnavailableError, createAppClient, type CallEndedEvent } from "./app-client";

let api: InternalApiStandIn;
beforeAll(async () => {
  api = await startInternalApi({ secret: "s3cret" });
});
afterAll(async () => {
  await api.close();
});

const ended: CallEndedEvent = {
  type: "ended",
  status: "ended",
  end_reason: "user_hangup",
  error: null,
  ended_at: "2026-11-22T10:00:05.000Z",
  transcript: [{ role: "user", content: "hi", started_at: "2026-11-22T10:00:01.000Z", ended_at: "2026-11-22T10:00:02.000Z" }],
  timings: [],
  tool_calls: [
    {
      id: "call_1",
      name: "check_stock",
      arguments: { item: "croissant" },
      result: "12 left",
      error: null,
      started_at: "2026-11-22T10:00:03.000Z",
      ended_at: "2026-11-22T10:00:03.500Z",
    },
  ],
  failovers: [],
  has_recording: false,
};

describe("app client", () => {
  it("fetches the call config with the worker secret", async () => {
    const config = makeCallConfig({ roomName: "room-1", openaiUrl: "http://127.0.0.1:1/v1" });
    api.setCall(config);
    const app = createAppClient({ appUrl: `${api.url}/`, workerSecret: "s3cret" });
    const fetched = await app.getCallConfig(config.call.id);
    expect(fetched.call).toEqual(config.call);
    expect(fetched.assistant.llm_config.messages).toEqual(config.assistant.llm_config.messages);
  });

  it("maps 404 and 409 to CallUnavailableError and a wrong secret to AppApiError", async () => {
    api.setCallStatus("gone", 409);
    const app = createAppClient({ appUrl: api.url, workerSecret: "s3cret" });
    await expect(app.getCallConfig("gone")).rejects.toBeInstanceOf(CallUnavailableError);
    await expect(app.getCallConfig("unknown")).rejects.toMatchObject({ name: "CallUnavailableError", status: 404 });
    const wrong = createAppClient({ appUrl: api.url, workerSecret: "nope" });
    const error = await wrong.getCallConfig("unknown").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppApiError);
    expect(error).not.toBeInstanceOf(CallUnavailableError);
    expect((error as AppApiError).status).toBe(401);
  });

  it("rejects a config the worker cannot use", async () => {
    const app = createAppClient({
      appUrl: "http://app.invalid",
      workerSecret: "x",
      fetch: async () => new Response(JSON.stringify({ call: { id: "c" } }), { status: 200 }),
    });
    await expect(app.getCallConfig("c")).rejects.toThrow(/call config is invalid/);
  });

  it("posts events and retries the ended event through network errors", async () => {
    let failures = 2;
    const flaky: typeof fetch = async (input, init) => {
      if (failures-- > 0) throw new TypeError("fetch failed");
      return fetch(input, init);
    };
    const app = createAppClient({ appUrl: api.url, workerSecret: "s3cret", fetch: flaky, retryDelayMs: () => 10 });
    await app.postCallEvent("call-retry", ended, { retries: 3 });
    expect(api.ended("call-retry")).toEqual(ended);
  });

  it("gives up after the retries and never retries a 4xx", async () => {
    let calls = 0;
    const down: typeof fetch = async () => {
      calls++;
      throw new TypeError("fetch failed");
    };
    const app = createAppClient({ appUrl: api.url, workerSecret: "s3cret", fetch: down, retryDelayMs: () => 1 });
    await expect(app.postCallEvent("c", ended, { retries: 2 })).rejects.toThrow("fetch failed");
    expect(calls).toBe(3);

    const wrong = createAppClient({ appUrl: api.url, workerSecret: "nope", retryDelayMs: () => 1 });
    await expect(wrong.postCallEvent("c", ended, { retries: 5 })).rejects.toMatchObject({ status: 401 });
  });
});
