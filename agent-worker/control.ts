// Live call control: the app sends signed commands as data messages on CONTROL_TOPIC
// (lib/contract/control-message.ts). Only messages whose HMAC (keyed with WORKER_SECRET) verifies
// for this call are run: a browser in the same room cannot forge them. Each command runs once
// (duplicate ids are ignored) and is acknowledged to the app with a `command` event.
import { voice } from "@livekit/agents";
import { RoomEvent, type Room } from "@livekit/rtc-node";
import { verifyControlMessage } from "../lib/contract/control-message";
import { callControlSchema, type CallControl } from "../lib/contract/call-control";
import { CONTROL_TOPIC } from "../lib/contract/wire";
import type { SwitchboardAgent } from "./agent";
import type { ConversationEnder } from "./behaviours/ending";
import type { ToolCallRecorder } from "./tools/recorder";
import { TRANSFER_CALL_TOOL } from "./tools/transfer-call";

export type ControlOutcome = "acknowledged" | "failed" | "rejected" | "duplicate";

/** What a command does to the live conversation. Throwing means the command failed. */
export interface ControlActions {
  execute(commandId: string, command: CallControl): Promise<void>;
}

export interface ControlReceiverOptions {
  callId: string;
  secret: string;
  actions: ControlActions;
  acknowledge: (commandId: string, status: "acknowledged" | "failed", error?: string) => Promise<void>;
  onWarning?: (message: string, detail?: Record<string, unknown>) => void;
}

const MAX_REMEMBERED = 1000;
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class ControlReceiver {
  readonly #opts: ControlReceiverOptions;
  readonly #seen = new Set<string>();

  constructor(opts: ControlReceiverOptions) {
    this.#opts = opts;
  }

  /** Verifies and runs one received message; never throws. */
  async receive(payload: Uint8Array | string): Promise<ControlOutcome> {
    const message = verifyControlMessage(this.#opts.secret, payload, this.#opts.callId);
    if (!message) {
      this.#opts.onWarning?.("rejected a control message that did not verify");
      return "rejected";
    }
    if (this.#seen.has(message.id)) return "duplicate";
    if (this.#seen.size >= MAX_REMEMBERED) this.#seen.delete(this.#seen.values().next().value as string);
    this.#seen.add(message.id);

    let status: "acknowledged" | "failed" = "acknowledged";
    let error: string | undefined;
    const command = callControlSchema.safeParse(message.command);
    if (!command.success) {
      status = "failed";
      error = `invalid command: ${command.error.issues[0]?.message ?? "unknown"}`;
    } else {
      try {
        await this.#opts.actions.execute(message.id, command.data);
      } catch (e) {
        status = "failed";
        error = errorText(e);
      }
    }
    try {
      await this.#opts.acknowledge(message.id, status, error);
    } catch (e) {
      this.#opts.onWarning?.("could not acknowledge a control command", { error: errorText(e) });
    }
    return status;
  }

  /** Listens on the room's control topic; returns the unsubscribe function. */
  attach(room: Room): () => void {
    const onData = (payload: Uint8Array, _participant?: unknown, _kind?: unknown, topic?: string) => {
      if (topic !== CONTROL_TOPIC) return;
      void this.receive(payload);
    };
    room.on(RoomEvent.DataReceived, onData);
    return () => void room.off(RoomEvent.DataReceived, onData);
  }
}

export interface ConversationControlOptions {
  session: voice.AgentSession;
  agent: SwitchboardAgent;
  ender: ConversationEnder;
  recorder: ToolCallRecorder;
}

/** The commands run against the live session (the same semantics as the built-in tools). */
export function conversationControl(opts: ConversationControlOptions): ControlActions {
  const { session, agent, ender } = opts;
  const assertLive = () => {
    if (ender.isEnding) throw new Error("the call is already ending");
  };
  return {
    async execute(commandId, command) {
      assertLive();
      switch (command.type) {
        case "inject-context":
          await agent.injectContext(command.content);
          if (command.trigger_response) session.generateReply();
          return;
        case "say":
          if (command.end_after) {
            void ender.speakThenEnd("api_ended_call", command.content, { interrupt: command.interrupt });
            return;
          }
          if (command.interrupt) await session.interrupt({ force: true }).await.catch(() => undefined);
          session.say(command.content, { allowInterruptions: true });
          return;
        case "end-call":
          void ender.speakThenEnd("api_ended_call", command.message, { interrupt: true });
          return;
        case "transfer": {
          // Awaited: the command is acknowledged once the far end accepted the transfer, and a
          // refusal fails it with the reason (the call stays up).
          const finish = opts.recorder.start(commandId, TRANSFER_CALL_TOOL, { destination: command.destination, source: "api" });
          try {
            await ender.transfer(command.destination, command.message, (mode) =>
              finish({ result: mode === "sip" ? `Transferred to ${command.destination}.` : `Transfer to ${command.destination} requested; the web call ended.` }),
            );
          } catch (error) {
            finish({ error: `The transfer failed: ${errorText(error)}` });
            throw error;
          }
          return;
        }
      }
    },
  };
}
