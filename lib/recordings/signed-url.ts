// Signed, time-limited recording URLs: `…/calls/{id}/recording?expires=<unix s>&signature=<hex>`,
// an HMAC-SHA256 over the call id and expiry keyed by a server secret. A webhook receiver (or
// an <audio> element) can fetch the recording with it, without an API key.
import { createHmac, timingSafeEqual } from "node:crypto";

const payload = (callId: string, expires: number) => `switchboard.recording.v1:${callId}:${expires}`;

export function signRecordingAccess(secret: string, callId: string, expires: number): string {
  return createHmac("sha256", secret).update(payload(callId, expires)).digest("hex");
}

export function buildSignedRecordingUrl(opts: { appUrl: string; secret: string; callId: string; ttlSeconds: number; now?: Date }): string {
  const nowSeconds = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  const expires = nowSeconds + opts.ttlSeconds;
  const url = new URL(`/api/v1/calls/${encodeURIComponent(opts.callId)}/recording`, opts.appUrl);
  url.searchParams.set("expires", String(expires));
  url.searchParams.set("signature", signRecordingAccess(opts.secret, opts.callId, expires));
  return url.toString();
}

export type SignatureCheck = "valid" | "expired" | "invalid";

export function checkRecordingSignature(opts: {
  secret: string;
  callId: string;
  expires: string | null;
  signature: string | null;
  now?: Date;
}): SignatureCheck {
  if (!opts.expires || !opts.signature || !/^\d{1,12}$/.test(opts.expires) || !/^[0-9a-f]{64}$/.test(opts.signature)) {
    return "invalid";
  }
  const expires = Number(opts.expires);
  const expected = Buffer.from(signRecordingAccess(opts.secret, opts.callId, expires), "hex");
  if (!timingSafeEqual(expected, Buffer.from(opts.signature, "hex"))) return "invalid";
  return expires * 1000 < (opts.now ?? new Date()).getTime() ? "expired" : "valid";
}
