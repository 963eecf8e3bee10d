import { describe, expect, it } from "vitest";
import { buildSignedRecordingUrl, checkRecordingSignature } from "./signed-url";

const secret = "test-secret";
const callId = "7d1a3f8e-52c5-4ad0-9d4c-2f0b8a3a1e10";

describe("signed recording URLs", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  const url = new URL(buildSignedRecordingUrl({ appUrl: "https://voice.example.com", secret, callId, ttlSeconds: 3600, now }));
  const expires = url.searchParams.get("expires");
  const signature = url.searchParams.get("signature");

  it("points at the public recording route of the call", () => {
    expect(url.origin + url.pathname).toBe(`https://voice.example.com/api/v1/calls/${callId}/recording`);
    expect(Number(expires)).toBe(now.getTime() / 1000 + 3600);
  });

  it("accepts its own signature until it expires", () => {
    expect(checkRecordingSignature({ secret, callId, expires, signature, now })).toBe("valid");
    expect(checkRecordingSignature({ secret, callId, expires, signature, now: new Date(now.getTime() + 3601_000) })).toBe("expired");
  });

  it("rejects a signature for another call, another expiry, another secret, or malformed", () => {
    expect(checkRecordingSignature({ secret, callId: callId.replace("7", "8"), expires, signature, now })).toBe("invalid");
    expect(checkRecordingSignature({ secret, callId, expires: String(Number(expires) + 1), signature, now })).toBe("invalid");
    expect(checkRecordingSignature({ secret: "other", callId, expires, signature, now })).toBe("invalid");
    expect(checkRecordingSignature({ secret, callId, expires, signature: "abc", now })).toBe("invalid");
    expect(checkRecordingSignature({ secret, callId, expires: null, signature, now })).toBe("invalid");
  });
});
