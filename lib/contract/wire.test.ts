import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { callEventSchema } from "./call-events";
import { parseDispatchMetadata } from "./call-config";
import { signControlMessage, verifyControlMessage } from "./control-message";
import { END_REASONS, WORKER_END_REASONS } from "./end-reasons";
import * as wire from "./wire";

// Deployed browsers, workers and apps of neighbouring versions talk to each other: the names
// on the wire must not change by accident.
describe("wire format", () => {
  it("keeps its names", () => {
    expect(wire.ERROR_ATTRIBUTE).toBe("switchboard.error");
    expect(wire.ERROR_CODE_ATTRIBUTE).toBe("switchboard.error_code");
    expect(wire.ERROR_TOPIC).toBe("switchboard.error");
    expect(wire.CONTROL_TOPIC).toBe("switchboard.control");
    expect(wire.DEFAULT_AGENT_JOIN_TIMEOUT_SECONDS).toBe(20);
    expect(wire.roomNameOf("0b5a7c1e-0000-4000-8000-000000000000")).toBe("call-0b5a7c1e-0000-4000-8000-000000000000");
    expect(wire.webCallerIdentityOf("0b5a7c1e-0000-4000-8000-000000000000")).toBe("caller-0b5a7c1e");
    expect(wire.INTERNAL_CALL_PATHS.events("a/b")).toBe("/api/internal/calls/a%2Fb/events");
  });

  it("signs control messages as before: HMAC-SHA256 over id.call_id.issued_at.command", () => {
    const m = { id: "c1", call_id: "call-1", issued_at: "2026-01-01T00:00:00.000Z", command: { type: "end-call" as const } };
    const expected = createHmac("sha256", "s3cret").update(`c1.call-1.2026-01-01T00:00:00.000Z.{"type":"end-call"}`).digest("hex");
    const signed = signControlMessage("s3cret", m);
    expect(signed.signature).toBe(expected);
    expect(verifyControlMessage("s3cret", JSON.stringify(signed), "call-1")).toEqual(signed);
    expect(verifyControlMessage("s3cret", JSON.stringify({ ...signed, command: { type: "say", content: "x" } }), "call-1")).toBeNull();
  });

  it("reads the app's dispatch metadata", () => {
    expect(parseDispatchMetadata(JSON.stringify({ call_id: "abc" }))).toEqual({ call_id: "abc" });
  });

  it("accepts the worker's end reasons only", () => {
    const ended = (end_reason: string) =>
      callEventSchema.safeParse({ type: "ended", status: "ended", end_reason, ended_at: "2026-01-01T00:00:00Z" });
    for (const reason of WORKER_END_REASONS) expect(ended(reason).success).toBe(true);
    expect(ended("agent_did_not_join").success).toBe(false);
    expect(ended("pipeline_error").success).toBe(false);
    expect(new Set(END_REASONS).size).toBe(END_REASONS.length);
  });
});
