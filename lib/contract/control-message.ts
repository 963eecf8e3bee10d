// The data message that carries a call-control command from the app to the agent through
// the LiveKit room (topic CONTROL_TOPIC). The app sends it with the server API; the worker
// accepts it only when the HMAC (keyed with WORKER_SECRET) matches, so a browser in the
// same room cannot forge commands. Used by the app and the worker only (HMAC from
// node:crypto); the browser never imports it.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { CallControl } from "./call-control";

export interface ControlMessage {
  id: string;
  call_id: string;
  issued_at: string;
  command: CallControl;
  signature: string;
}

function sign(secret: string, m: Omit<ControlMessage, "signature">): string {
  return createHmac("sha256", secret).update(`${m.id}.${m.call_id}.${m.issued_at}.${JSON.stringify(m.command)}`).digest("hex");
}

export function signControlMessage(secret: string, m: Omit<ControlMessage, "signature">): ControlMessage {
  return { ...m, signature: sign(secret, m) };
}

/** Parses and verifies a received message; null when it is malformed, forged or for another call. */
export function verifyControlMessage(secret: string, raw: string | Uint8Array, callId: string): ControlMessage | null {
  let m: ControlMessage;
  try {
    m = JSON.parse(typeof raw === "string" ? raw : new TextDecoder().decode(raw));
  } catch {
    return null;
  }
  if (!m || typeof m !== "object" || typeof m.signature !== "string" || m.call_id !== callId) return null;
  const expected = Buffer.from(sign(secret, m), "hex");
  const given = Buffer.from(m.signature, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected) ? m : null;
}
