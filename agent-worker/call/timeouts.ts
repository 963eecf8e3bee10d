// Every wait of a call is bounded; these are the bounds, and the two helpers that apply them.
import type { log } from "@livekit/agents";

export type Logger = ReturnType<typeof log>;

export interface CallTimeouts {
  sessionStartMs: number;
  /** How long a requested end waits for the session's close event. */
  sessionCloseMs: number;
  /** How long the caller has to join (and, on SIP, to answer). */
  participantMs: number;
  roomConnectMs: number;
  notifyMs: number;
  deleteRoomMs: number;
  /** Minimum time between telling the client about a failure and deleting the room. */
  errorGraceMs: number;
  reportMs: number;
  /** Upper bound for a last message (goodbye, transfer notice) to play before hanging up. */
  goodbyeMs: number;
  /** How long a function tool's webhook may take. */
  toolMs: number;
  /** A pause this long after a pressed key ends the caller's key sequence. */
  dtmfGapMs: number;
}

export const DEFAULT_TIMEOUTS: CallTimeouts = {
  sessionStartMs: 20_000,
  sessionCloseMs: 15_000,
  participantMs: 30_000,
  roomConnectMs: 10_000,
  notifyMs: 3_000,
  deleteRoomMs: 5_000,
  errorGraceMs: 1_000,
  reportMs: 60_000,
  goodbyeMs: 15_000,
  toolMs: 10_000,
  dtmfGapMs: 1_500,
};

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class TimeoutError extends Error {
  override name = "TimeoutError";
}

/** Rejects with TimeoutError if `promise` has not settled within `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError(`${what} timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits for `promise` at most `ms`; never throws. Resolves true if it fulfilled in time. */
export async function settle(promise: Promise<unknown>, ms: number, logger: Logger, what: string): Promise<boolean> {
  try {
    await withTimeout(promise, ms, what);
    return true;
  } catch (error) {
    logger.warn({ error: errorMessage(error) }, `${what} failed`);
    return false;
  }
}
