import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { describeProviderFailure, probeReachability, stageOfErrorType } from "./provider-errors";

async function withServer<T>(fn: (port: number) => Promise<T>): Promise<T> {
  const server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    return await fn((server.address() as { port: number }).port);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function closedPort(): Promise<number> {
  return withServer(async (port) => port);
}

describe("provider failure messages", () => {
  it("says 'connection refused' when nothing listens at the provider URL", async () => {
    const port = await closedPort();
    expect(await probeReachability(`ws://127.0.0.1:${port}`)).toBe("connection refused");
    const text = await describeProviderFailure(
      { stage: "stt", provider: "deepgram", baseUrl: `ws://127.0.0.1:${port}` },
      new Error("failed to recognize speech after 4 attempts"),
    );
    expect(text).toBe("deepgram (stt): connection refused");
  });

  it("keeps the provider's own error when the host is reachable", async () => {
    await withServer(async (port) => {
      const error = Object.assign(new Error("Unauthorized"), { statusCode: 401 });
      const text = await describeProviderFailure({ stage: "tts", provider: "openai", baseUrl: `http://127.0.0.1:${port}/v1` }, error);
      expect(text).toBe("openai (tts): Unauthorized (status 401)");
    });
  });

  it("maps framework error types to stages", () => {
    expect(stageOfErrorType("stt_error")).toBe("stt");
    expect(stageOfErrorType("llm_error")).toBe("llm");
    expect(stageOfErrorType("tts_error")).toBe("tts");
    expect(stageOfErrorType("interruption_detection_error")).toBeUndefined();
  });
});
