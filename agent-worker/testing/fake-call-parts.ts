// Fakes of the narrow interfaces a Call drives (CallRoom, CallSession, the reporter), for
// unit tests of the call lifecycle without LiveKit or providers.
import { ParticipantKind } from "@livekit/rtc-node";
import type { Stage } from "../../lib/contract/provider-catalogue";
import type { CallOutcome, SessionClose } from "../call/outcome";
import type { CallParticipant, CallRoom, ParticipantChange } from "../call/room";
import type { CallSession, CallSessionHooks } from "../call/session";

type Listener = (participant: CallParticipant, change: ParticipantChange) => void;

export class FakeRoom implements CallRoom {
  isConnected = true;
  readonly participants = new Map<string, CallParticipant>();
  readonly attributes: Record<string, string> = {};
  readonly texts: { text: string; topic: string; attributes: Record<string, string> }[] = [];
  readonly #listeners = new Set<Listener>();
  readonly #shutdownCallbacks: (() => Promise<void>)[] = [];
  deleted = false;
  shutdownReason: string | undefined;
  readonly shutDown: Promise<string>;
  #resolveShutdown!: (reason: string) => void;

  constructor() {
    this.shutDown = new Promise((resolve) => (this.#resolveShutdown = resolve));
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  async connect() {
    this.isConnected = true;
  }
  remoteParticipants() {
    return [...this.participants.values()];
  }
  onParticipant(listener: Listener) {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }
  async setAttributes(attributes: Record<string, string>) {
    Object.assign(this.attributes, attributes);
  }
  async sendText(text: string, options: { topic: string; attributes: Record<string, string> }) {
    this.texts.push({ text, ...options });
  }
  attachControl() {
    return () => {};
  }
  async deleteRoom() {
    this.deleted = true;
    this.isConnected = false;
  }
  shutdown(reason: string) {
    this.shutdownReason = reason;
    this.#resolveShutdown(reason);
  }
  onShutdown(callback: () => Promise<void>) {
    this.#shutdownCallbacks.push(callback);
  }

  /** The job is going away: runs the shutdown callbacks as the framework would. */
  async runShutdownCallbacks() {
    await Promise.all(this.#shutdownCallbacks.map((cb) => cb()));
  }

  join(identity: string, kind: ParticipantKind = ParticipantKind.STANDARD, attributes: Record<string, string> = {}) {
    const p = { identity, kind, attributes };
    this.participants.set(identity, p);
    this.#emit(p, "joined");
    return p;
  }
  update(identity: string, attributes: Record<string, string>) {
    const p = this.participants.get(identity)!;
    p.attributes = { ...p.attributes, ...attributes };
    this.#emit(p, "updated");
  }
  leave(identity: string) {
    const p = this.participants.get(identity)!;
    this.participants.delete(identity);
    this.#emit(p, "left");
  }
  #emit(p: CallParticipant, change: ParticipantChange) {
    for (const l of [...this.#listeners]) l({ ...p, attributes: { ...p.attributes } }, change);
  }
}

export class FakeSession implements CallSession {
  hooks: CallSessionHooks | undefined;
  shutdowns = 0;
  stopped = false;
  caller: CallParticipant | undefined;
  /** Closes like the framework does when shut down (set false to model a session that already closed). */
  closesOnShutdown = true;
  readonly begun: Promise<CallParticipant>;
  #resolveBegun!: (caller: CallParticipant) => void;
  #startResult: Promise<void> = Promise.resolve();
  readonly #closeListeners: ((close: SessionClose) => void)[] = [];

  constructor() {
    this.begun = new Promise((resolve) => (this.#resolveBegun = resolve));
  }

  failStart(error: Error) {
    this.#startResult = Promise.reject(error);
    this.#startResult.catch(() => {});
  }
  start() {
    return this.#startResult;
  }
  begin(caller: CallParticipant) {
    this.caller = caller;
    this.#resolveBegun(caller);
  }
  shutdown() {
    this.shutdowns++;
    if (this.closesOnShutdown) queueMicrotask(() => this.close({ reason: "other" }));
  }
  stop() {
    this.stopped = true;
  }
  onClose(listener: (close: SessionClose) => void) {
    this.#closeListeners.push(listener);
  }
  close(close: SessionClose) {
    for (const l of this.#closeListeners) l(close);
  }
  async describeProviderFailure(stage: Stage, cause: unknown) {
    return `fake-${stage}: ${cause instanceof Error ? cause.message : String(cause)}`;
  }
}

export class FakeReporter {
  readonly outcomes: CallOutcome[] = [];
  started = 0;
  get hasEnded() {
    return this.outcomes.length > 0;
  }
  get hasStarted() {
    return this.started > 0;
  }
  markStarted() {
    this.started++;
  }
  async end(outcome: CallOutcome) {
    this.outcomes.push(outcome);
  }
}
