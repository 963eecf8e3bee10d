// Tells the client why a call failed before the room goes away: the error participant
// attributes (state, so a client that joins later still sees them) and a text message on the
// error topic (reaches clients already in the room). Both bounded, neither waits on the other.
import { ERROR_ATTRIBUTE, ERROR_CODE_ATTRIBUTE, ERROR_TOPIC } from "../../lib/contract/wire";
import type { CallOutcome } from "./outcome";
import type { CallRoom } from "./room";
import { settle, type CallTimeouts, type Logger } from "./timeouts";

export async function notifyClient(
  room: CallRoom,
  outcome: CallOutcome,
  timeouts: Pick<CallTimeouts, "roomConnectMs" | "notifyMs">,
  logger: Logger,
): Promise<void> {
  const text = outcome.error ?? outcome.endReason;
  if (!room.isConnected) await settle(room.connect(), timeouts.roomConnectMs, logger, "connecting to the room");
  if (!room.isConnected) return;
  const attribute = settle(
    room.setAttributes({ [ERROR_ATTRIBUTE]: text, [ERROR_CODE_ATTRIBUTE]: outcome.endReason }),
    timeouts.notifyMs,
    logger,
    "publishing the error attribute",
  );
  const notice = (async () => {
    if (room.remoteParticipants().length === 0) await anyParticipant(room, timeouts.notifyMs);
    if (room.remoteParticipants().length === 0) return;
    await settle(room.sendText(text, { topic: ERROR_TOPIC, attributes: { code: outcome.endReason } }), timeouts.notifyMs, logger, "sending the error message");
  })();
  await Promise.all([attribute, notice]);
}

/** Resolves when a participant joins, or after `ms`. */
function anyParticipant(room: CallRoom, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      off();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const off = room.onParticipant((_p, change) => {
      if (change === "joined") done();
    });
  });
}
