import { initializeLogger, log } from "@livekit/agents";
import { describe, expect, it } from "vitest";
import type { AppClient, CallEvent } from "../app-client";
import { CallReporter } from "./reporter";
import { withTimeout } from "./timeouts";
import { TranscriptCollector } from "../transcript";

initializeLogger({ pretty: false, level: "silent" });

function recordingApp(opts: { startedDelayMs?: number; ringingDelayMs?: number; failEnded?: boolean } = {}) {
  const posts: Array<{ callId: string; event: CallEvent; retries?: number }> = [];
  const app: AppClient = {
    getCallConfig: () => Promise.reject(new Error("unused")),
    startInboundCall: () => Promise.reject(new Error("unused")),
    transferCall: () => Promise.reject(new Error("unused")),
    uploadRecording: () => Promise.reject(new Error("unused")),
    async postCallEvent(callId, event, { retries } = {}) {
      if (event.type === "started" && opts.startedDelayMs) await new Promise((r) => setTimeout(r, opts.startedDelayMs));
      if (event.type === "ringing" && opts.ringingDelayMs) await new Promise((r) => setTimeout(r, opts.ringingDelayMs));
      if (event.type === "ended" && opts.failEnded) throw new Error("app down");
      posts.push({ callId, event, retries });
    },
  };
  return { app, posts };
}

describe("CallReporter", () => {
  it("posts an outbound call's ringing once, before started and ended, however slow the app answers", async () => {
    const { app, posts } = recordingApp({ ringingDelayMs: 40 });
    const reporter = new CallReporter("call-0", app, new TranscriptCollector(), log());
    reporter.markRinging();
    reporter.markRinging();
    reporter.markStarted();
    // A ring reported after the answer is dropped.
    reporter.markRinging();
    await reporter.end({ status: "ended", endReason: "user_hangup" });
    expect(posts.map((p) => p.event.type)).toEqual(["ringing", "started", "ended"]);
  });

  it("posts ended exactly once, after started, with the transcript so far", async () => {
    const { app, posts } = recordingApp({ startedDelayMs: 30 });
    const transcript = new TranscriptCollector();
    transcript.add({ type: "message", role: "assistant", textContent: "Hello!", createdAt: Date.now() });
    const reporter = new CallReporter("call-1", app, transcript, log());

    reporter.markStarted();
    reporter.markStarted();
    await Promise.all([
      reporter.end({ status: "ended", endReason: "user_hangup" }),
      reporter.end({ status: "failed", endReason: "agent_error", error: "late" }),
    ]);
    await reporter.end({ status: "ended", endReason: "max_duration" });

    expect(posts.map((p) => p.event.type)).toEqual(["started", "ended"]);
    const ended = posts[1]?.event;
    expect(ended).toMatchObject({ type: "ended", status: "ended", end_reason: "user_hangup", error: null });
    expect(ended?.type === "ended" && ended.started_at).toBe(posts[0]?.event.type === "started" && posts[0].event.at);
    expect(ended?.type === "ended" && ended.transcript.map((t) => t.content)).toEqual(["Hello!"]);
    expect(posts[1]?.retries).toBeGreaterThanOrEqual(3);
  });

  it("reports a call that never started without started_at, and survives an unreachable app", async () => {
    const { app, posts } = recordingApp();
    const reporter = new CallReporter("call-2", app, new TranscriptCollector(), log());
    await reporter.end({ status: "failed", endReason: "provider_error", error: "deepgram (stt): connection refused" });
    expect(posts[0]?.event).not.toHaveProperty("started_at");
    expect(reporter.hasEnded).toBe(true);

    const down = recordingApp({ failEnded: true });
    await expect(new CallReporter("call-3", down.app, new TranscriptCollector(), log()).end({ status: "ended", endReason: "user_hangup" })).resolves.toBeUndefined();
  });
});

describe("withTimeout", () => {
  it("bounds a wait", async () => {
    await expect(withTimeout(new Promise(() => {}), 20, "never")).rejects.toThrow("never timed out after 20 ms");
    await expect(withTimeout(Promise.resolve(7), 20, "now")).resolves.toBe(7);
  });
});
