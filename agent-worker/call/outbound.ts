// Outbound phone calls: the agent places the call once it is in the room. This is LiveKit's
// convention (the app only creates the room with the agent dispatched), and it puts the
// dialling where its outcome matters: the agent is already listening when the callee
// answers, greets once the SIP participant is active (channel.ts), and sees the SIP status
// of a failed INVITE, which it reports as the call's end reason (busy, no answer, rejected,
// failed). The app dialling instead would need a second process waiting on every ring.
import { SipClient } from "livekit-server-sdk";
import type { OutboundDial } from "../../lib/contract/call-config";
import type { DialEndReason } from "../../lib/contract/end-reasons";
import { SIP_CALL_STATUS_ATTRIBUTE, SIP_CALL_STATUS_RINGING } from "../../lib/contract/wire";
import type { CallOutcome } from "./outcome";
import type { CallRoom } from "./room";
import { errorMessage } from "./timeouts";

/** Places one SIP call into a room and resolves once it is answered (rejects with the SIP failure otherwise). */
export interface OutboundDialer {
  dial(dial: OutboundDial, roomName: string): Promise<void>;
}

const httpUrl = (wsUrl: string) => wsUrl.replace(/^ws(s?):\/\//, "http$1://");

export function livekitSipDialer(env: { LIVEKIT_URL: string; LIVEKIT_API_KEY: string; LIVEKIT_API_SECRET: string }): OutboundDialer {
  const sip = new SipClient(httpUrl(env.LIVEKIT_URL), env.LIVEKIT_API_KEY, env.LIVEKIT_API_SECRET);
  return {
    async dial(dial, roomName) {
      await sip.createSipParticipant(dial.livekit_trunk_id, dial.to, roomName, {
        participantIdentity: dial.participant_identity,
        participantName: dial.to,
        fromNumber: dial.from,
        waitUntilAnswered: true,
        ringingTimeout: dial.ring_timeout_seconds,
        playDialtone: false,
      });
    },
  };
}

/** A dial that did not end in an answer, with the call outcome it stands for. */
export class DialFailedError extends Error {
  override name = "DialFailedError";
  constructor(readonly outcome: CallOutcome & { endReason: DialEndReason }) {
    super(outcome.error ?? outcome.endReason);
  }
}

type ServerErrorLike = { message?: unknown; code?: unknown; metadata?: unknown; sipStatusCode?: unknown };

/** The SIP response status of a failed dial: from the error's metadata (sip_status_code), else its message. */
export function sipStatusOf(error: unknown): number | undefined {
  const e = (error ?? {}) as ServerErrorLike;
  if (typeof e.sipStatusCode === "number" && Number.isFinite(e.sipStatusCode)) return e.sipStatusCode;
  const metadata = e.metadata && typeof e.metadata === "object" ? (e.metadata as Record<string, unknown>) : {};
  const raw = Number(metadata.sip_status_code);
  if (Number.isInteger(raw) && raw >= 300 && raw < 700) return raw;
  const match = /\bSIP[^0-9]{0,40}\b([3-6]\d\d)\b/i.exec(errorMessage(error));
  return match ? Number(match[1]) : undefined;
}

const BUSY = new Set([486, 600]);
const NO_ANSWER = new Set([408, 480, 487]);
const REJECTED = new Set([403, 603, 606, 607, 608]);

/** Why an outbound call that was not answered ended: busy, no answer, rejected, or failed to be placed. */
export function dialEndReasonOf(error: unknown): DialEndReason {
  const status = sipStatusOf(error);
  if (status !== undefined) {
    if (BUSY.has(status)) return "busy";
    if (NO_ANSWER.has(status)) return "no_answer";
    if (REJECTED.has(status)) return "rejected";
    return "dial_failed";
  }
  // No SIP status: the ring timeout (LiveKit cancels the INVITE and answers deadline_exceeded).
  const code = String((error as ServerErrorLike | null)?.code ?? "");
  if (code === "deadline_exceeded" || /no answer|not answered|timed? ?out|timeout|deadline/i.test(errorMessage(error))) return "no_answer";
  return "dial_failed";
}

const DESCRIPTION: Record<DialEndReason, string> = {
  busy: "The number is busy",
  no_answer: "Nobody answered",
  rejected: "The call was rejected",
  dial_failed: "The call could not be placed",
};

/** The call's outcome when the dial failed: an unanswered call ended; a call that could not be placed failed. */
export function dialOutcomeOf(error: unknown): CallOutcome & { endReason: DialEndReason } {
  const endReason = dialEndReasonOf(error);
  const status = sipStatusOf(error);
  const detail = `${DESCRIPTION[endReason]}${status ? ` (SIP ${status})` : ""}: ${errorMessage(error)}`.slice(0, 2000);
  return endReason === "dial_failed" ? { status: "failed", endReason, error: detail } : { status: "ended", endReason, error: detail };
}

export interface OutboundCallParts {
  dial: OutboundDial;
  roomName: string;
  dialer: OutboundDialer;
  room: Pick<CallRoom, "onParticipant" | "remoteParticipants">;
  /** Called once, when the callee's phone rings. */
  onRinging: () => void;
}

/**
 * Dials and watches the callee's participant for the ring. Resolves once answered; rejects
 * with DialFailedError (its outcome says why) otherwise.
 */
export async function placeOutboundCall(parts: OutboundCallParts): Promise<void> {
  let rang = false;
  const ringing = (p: { identity: string; attributes: Record<string, string> }) => {
    if (rang || p.identity !== parts.dial.participant_identity || p.attributes[SIP_CALL_STATUS_ATTRIBUTE] !== SIP_CALL_STATUS_RINGING) return;
    rang = true;
    parts.onRinging();
  };
  const unsubscribe = parts.room.onParticipant((p, change) => {
    if (change !== "left") ringing(p);
  });
  try {
    parts.room.remoteParticipants().forEach(ringing);
    await parts.dialer.dial(parts.dial, parts.roomName);
  } catch (error) {
    throw new DialFailedError(dialOutcomeOf(error));
  } finally {
    unsubscribe();
  }
}
