import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_DELAYS } from "@/lib/schemas/campaign";
import { isFailureRateTripped, leadAfterAttempt, outcomeOfCall, paceWait, renderTemplate, type AttemptContext } from "./dial-policy";

const answeredAt = new Date("2026-12-01T10:00:05Z");

describe("outcomeOfCall", () => {
  it("is null while the call runs", () => {
    expect(outcomeOfCall({ status: "connecting", endReason: null, startedAt: null })).toBeNull();
    expect(outcomeOfCall({ status: "in_progress", endReason: null, startedAt: answeredAt })).toBeNull();
    expect(outcomeOfCall({ status: "dialing", endReason: null, startedAt: null })).toBeNull();
    expect(outcomeOfCall({ status: "ringing", endReason: null, startedAt: null })).toBeNull();
  });

  it("reads answered, busy, no answer, failed, voicemail and transferred from the call's end", () => {
    expect(outcomeOfCall({ status: "ended", endReason: "user_hangup", startedAt: answeredAt })).toBe("answered");
    expect(outcomeOfCall({ status: "ended", endReason: "assistant_ended_call", startedAt: answeredAt })).toBe("answered");
    expect(outcomeOfCall({ status: "ended", endReason: "transferred", startedAt: answeredAt })).toBe("transferred");
    expect(outcomeOfCall({ status: "transferred", endReason: "transferred", startedAt: answeredAt })).toBe("transferred");
    expect(outcomeOfCall({ status: "ended", endReason: "voicemail", startedAt: answeredAt })).toBe("voicemail");
    expect(outcomeOfCall({ status: "failed", endReason: "busy", startedAt: null })).toBe("busy");
    expect(outcomeOfCall({ status: "failed", endReason: "no_answer", startedAt: null })).toBe("no_answer");
    expect(outcomeOfCall({ status: "failed", endReason: "no-answer", startedAt: null })).toBe("no_answer");
    expect(outcomeOfCall({ status: "failed", endReason: "agent_did_not_join", startedAt: null })).toBe("failed");
    // The dial outcomes the worker reports for outbound calls.
    expect(outcomeOfCall({ status: "failed", endReason: "rejected", startedAt: null })).toBe("no_answer");
    expect(outcomeOfCall({ status: "failed", endReason: "dial_failed", startedAt: null })).toBe("failed");
    expect(outcomeOfCall({ status: "failed", endReason: "provider_error", startedAt: answeredAt })).toBe("failed");
    // Ended without ever being answered.
    expect(outcomeOfCall({ status: "ended", endReason: "room_closed", startedAt: null })).toBe("no_answer");
  });
});

describe("leadAfterAttempt", () => {
  const context = (attempts: number, extra: Partial<AttemptContext> = {}): AttemptContext => ({
    attempts, maxAttempts: 3, retryDelays: DEFAULT_RETRY_DELAYS, voicemailAction: "hang_up", now: new Date("2026-12-01T10:00:00Z"), ...extra,
  });

  it("completes answered and transferred leads", () => {
    expect(leadAfterAttempt("answered", context(1))).toEqual({ status: "completed", nextAttemptAt: null });
    expect(leadAfterAttempt("transferred", context(3))).toEqual({ status: "completed", nextAttemptAt: null });
  });

  it("retries busy, no answer and failed after their own delay, until max_attempts", () => {
    expect(leadAfterAttempt("busy", context(1))).toEqual({ status: "pending", nextAttemptAt: new Date("2026-12-01T10:15:00Z") });
    expect(leadAfterAttempt("no_answer", context(2))).toEqual({ status: "pending", nextAttemptAt: new Date("2026-12-01T11:00:00Z") });
    expect(leadAfterAttempt("failed", context(1))).toEqual({ status: "pending", nextAttemptAt: new Date("2026-12-01T10:30:00Z") });
    expect(leadAfterAttempt("no_answer", context(3))).toEqual({ status: "no_answer", nextAttemptAt: null });
    expect(leadAfterAttempt("busy", context(3))).toEqual({ status: "no_answer", nextAttemptAt: null });
    expect(leadAfterAttempt("failed", context(3))).toEqual({ status: "failed", nextAttemptAt: null });
    expect(leadAfterAttempt("failed", context(1, { maxAttempts: 1 }))).toEqual({ status: "failed", nextAttemptAt: null });
  });

  it("treats voicemail as done unless the campaign retries it", () => {
    expect(leadAfterAttempt("voicemail", context(1))).toEqual({ status: "completed", nextAttemptAt: null });
    expect(leadAfterAttempt("voicemail", context(1, { voicemailAction: "leave_message" }))).toEqual({ status: "completed", nextAttemptAt: null });
    expect(leadAfterAttempt("voicemail", context(1, { voicemailAction: "retry" }))).toEqual({ status: "pending", nextAttemptAt: new Date("2026-12-01T12:00:00Z") });
    expect(leadAfterAttempt("voicemail", context(3, { voicemailAction: "retry" }))).toEqual({ status: "no_answer", nextAttemptAt: null });
  });
});

describe("paceWait", () => {
  it("spaces dials 1/cps apart", () => {
    const last = new Date("2026-12-01T10:00:00.000Z");
    expect(paceWait(null, 1, last)).toBe(0);
    expect(paceWait(last, 1, new Date("2026-12-01T10:00:00.400Z"))).toBe(600);
    expect(paceWait(last, 4, new Date("2026-12-01T10:00:00.100Z"))).toBe(150);
    expect(paceWait(last, 0.5, new Date("2026-12-01T10:00:01.000Z"))).toBe(1000);
    expect(paceWait(last, 1, new Date("2026-12-01T10:00:01.000Z"))).toBe(0);
  });

  it("never lets a burst through: n dials at the fastest pace take (n-1)/cps", () => {
    let now = 0;
    let last: Date | null = null;
    const starts: number[] = [];
    for (let i = 0; i < 10; i++) {
      now += paceWait(last, 2, new Date(now));
      starts.push(now);
      last = new Date(now);
    }
    expect(starts.at(-1)).toBe(4500);
    expect(starts.slice(1).map((t, i) => t - starts[i]!)).toEqual(Array(9).fill(500));
  });
});

describe("isFailureRateTripped", () => {
  it("trips when the last N finished attempts fail at the rate or more", () => {
    const failed = Array(10).fill("failed");
    expect(isFailureRateTripped(failed, 0.8, 10)).toBe(true);
    expect(isFailureRateTripped(failed.slice(0, 9), 0.8, 10)).toBe(false); // too few yet
    expect(isFailureRateTripped([...Array(7).fill("failed"), "answered", "busy", "no_answer"], 0.8, 10)).toBe(false);
    expect(isFailureRateTripped([...Array(8).fill("failed"), "answered", "busy"], 0.8, 10)).toBe(true);
    expect(isFailureRateTripped([null, "released", ...Array(3).fill("failed")], 1, 3)).toBe(true);
    expect(isFailureRateTripped(failed, null, 10)).toBe(false);
  });
});

describe("renderTemplate", () => {
  it("fills {{variables}} and empties unknown ones", () => {
    expect(renderTemplate("Hi {{ name }}, your {{plan}} plan renews on {{date}}.{{missing}}", { name: "Ann", plan: "gold", date: "1 Jan" })).toBe("Hi Ann, your gold plan renews on 1 Jan.");
  });
});
