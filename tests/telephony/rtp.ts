// The phone's audio, done by the test: sipp places the call with an SDP that names this
// socket, so every RTP packet LiveKit SIP sends the caller lands here (decoded from PCMU and
// measured), and the caller's speech goes back from the same socket, paced like a phone, to
// LiveKit SIP's media address from the SDP of its 200 OK.
import dgram from "node:dgram";
import { EventEmitter, once } from "node:events";

const SAMPLES_PER_PACKET = 160; // 20 ms at 8 kHz
const ULAW_SILENCE = 0xff;
/** telephone-event's payload type in the phone's SDP (a=rtpmap:101 telephone-event/8000). */
export const TELEPHONE_EVENT_PT = 101;
const DTMF_CODES: Record<string, number> = { "*": 10, "#": 11, A: 12, B: 13, C: 14, D: 15 };
/** A key is held 100 ms (5 packets) and followed by 100 ms without one, as a phone does. */
const KEY_PACKETS = 5;
const KEY_GAP_PACKETS = 5;

/** An RFC 4733 telephone-event payload: event, end bit + volume, duration (timestamp units). */
export function telephoneEvent(code: number, end: boolean, duration: number): Buffer {
  const payload = Buffer.alloc(4);
  payload[0] = code;
  payload[1] = (end ? 0x80 : 0) | 10;
  payload.writeUInt16BE(duration, 2);
  return payload;
}

type Outgoing = { kind: "audio"; payload: Buffer } | { kind: "event"; payload: Buffer; first: boolean };

/** G.711 µ-law byte -> linear 16-bit sample. */
export function ulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const t = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
  return u & 0x80 ? 0x84 - t : t - 0x84;
}

/** Normalised RMS (0..1) of a PCMU payload. */
export function ulawRms(payload: Buffer): number {
  if (payload.length === 0) return 0;
  let sum = 0;
  for (const b of payload) {
    const s = ulawToLinear(b) / 32768;
    sum += s * s;
  }
  return Math.sqrt(sum / payload.length);
}

export interface ReceivedPacket {
  at: number;
  payloadType: number;
  rms: number;
  /** A telephone-event packet (a key the other side pressed): its event code and end bit. */
  event?: { code: number; end: boolean; timestamp: number };
}

export class PhoneMedia extends EventEmitter {
  readonly received: ReceivedPacket[] = [];
  #remote: { address: string; port: number } | undefined;
  #queue: Buffer[] = [];
  #events: Outgoing[] = [];
  #seq = Math.floor(Math.random() * 0xffff);
  #timestamp = Math.floor(Math.random() * 0xffffffff);
  readonly #ssrc = Math.floor(Math.random() * 0xffffffff);
  #timer: NodeJS.Timeout | undefined;

  private constructor(
    readonly socket: dgram.Socket,
    readonly port: number,
  ) {
    super();
    socket.on("message", (msg) => {
      if (msg.length < 12 || msg[0]! >> 6 !== 2) return;
      const payloadType = msg[1]! & 0x7f;
      const csrc = msg[0]! & 0x0f;
      const payload = msg.subarray(12 + 4 * csrc);
      const event =
        payloadType === TELEPHONE_EVENT_PT && payload.length >= 4 ? { code: payload[0]!, end: (payload[1]! & 0x80) !== 0, timestamp: msg.readUInt32BE(4) } : undefined;
      const packet = { at: Date.now(), payloadType, rms: payloadType === 0 ? ulawRms(payload) : 0, ...(event ? { event } : {}) };
      this.received.push(packet);
      this.emit("packet", packet);
    });
  }

  static async open(port: number): Promise<PhoneMedia> {
    const socket = dgram.createSocket("udp4");
    socket.bind(port, "127.0.0.1");
    await once(socket, "listening");
    return new PhoneMedia(socket, port);
  }

  /** Queues µ-law audio to speak (after what is queued); silence is sent otherwise, so the line stays up. */
  speak(ulaw: Buffer): void {
    for (let i = 0; i < ulaw.length; i += SAMPLES_PER_PACKET) {
      const chunk = Buffer.alloc(SAMPLES_PER_PACKET, ULAW_SILENCE);
      ulaw.copy(chunk, 0, i, Math.min(i + SAMPLES_PER_PACKET, ulaw.length));
      this.#queue.push(chunk);
    }
  }

  /** Queues key presses (RFC 4733 telephone-events, after what is queued), e.g. "42#". */
  pressKeys(keys: string): void {
    for (const key of keys) {
      const code = /^\d$/.test(key) ? Number(key) : DTMF_CODES[key.toUpperCase()];
      if (code === undefined) throw new Error(`not a keypad key: ${key}`);
      for (let i = 1; i <= KEY_PACKETS; i++) {
        this.#events.push({ kind: "event", payload: telephoneEvent(code, false, i * SAMPLES_PER_PACKET), first: i === 1 });
      }
      // The end packet goes three times (RFC 4733 §2.5.1.4: it may be lost).
      for (let i = 0; i < 3; i++) {
        this.#events.push({ kind: "event", payload: telephoneEvent(code, true, KEY_PACKETS * SAMPLES_PER_PACKET), first: false });
      }
      for (let i = 0; i < KEY_GAP_PACKETS; i++) this.#events.push({ kind: "audio", payload: Buffer.alloc(SAMPLES_PER_PACKET, ULAW_SILENCE) });
    }
  }

  /** Keys the other side pressed (telephone-events), one per event, in order. */
  receivedKeys(): string[] {
    const keys: string[] = [];
    let last: number | undefined;
    for (const p of this.received) {
      if (!p.event || p.event.timestamp === last) continue;
      last = p.event.timestamp;
      keys.push(p.event.code <= 9 ? String(p.event.code) : (["*", "#", "A", "B", "C", "D"][p.event.code - 10] ?? "?"));
    }
    return keys;
  }

  get speaking(): boolean {
    return this.#queue.length > 0;
  }

  /** Resolves once `count` consecutive packets above `level` arrived after `since` (a burst of speech). */
  waitForSpeech(opts: { since: number; level: number; count: number }): Promise<number> {
    return this.#waitForRun(opts.since, opts.count, (p) => p.rms >= opts.level);
  }

  /** Resolves once `count` consecutive packets below `level` arrived after `since`. */
  waitForQuiet(opts: { since: number; level: number; count: number }): Promise<number> {
    return this.#waitForRun(opts.since, opts.count, (p) => p.rms < opts.level);
  }

  /** The arrival time of the `count`th consecutive packet matching `test` after `since`, counting packets already received. */
  #waitForRun(since: number, count: number, test: (p: ReceivedPacket) => boolean): Promise<number> {
    return new Promise((resolve) => {
      let run = 0;
      const check = (p: ReceivedPacket) => {
        if (p.at < since) return false;
        run = test(p) ? run + 1 : 0;
        return run >= count;
      };
      for (const p of this.received) if (check(p)) return resolve(p.at);
      const listener = (p: ReceivedPacket) => {
        if (!check(p)) return;
        this.off("packet", listener);
        resolve(p.at);
      };
      this.on("packet", listener);
    });
  }

  packetsAbove(level: number, from = 0, to = Infinity): number {
    return this.received.filter((p) => p.at >= from && p.at <= to && p.rms >= level).length;
  }

  /** Starts the line: silence (or queued speech) every 20 ms to LiveKit SIP's media address. */
  connect(remote: { address: string; port: number }): void {
    if (this.#remote) return;
    this.#remote = remote;
    this.#startSending();
  }

  #startSending() {
    const started = Date.now();
    let sent = 0;
    // Paced on the wall clock, so timer drift does not slow the caller's speech down.
    this.#timer = setInterval(() => {
      const due = Math.floor((Date.now() - started) / 20);
      while (sent < due) {
        const event = this.#events.shift();
        if (event?.kind === "event") this.#sendEvent(event);
        else this.#send(event?.payload ?? this.#queue.shift() ?? Buffer.alloc(SAMPLES_PER_PACKET, ULAW_SILENCE));
        sent++;
      }
    }, 10);
  }

  // All packets of one key carry the timestamp of its start; the marker bit opens it.
  #eventTimestamp = 0;
  #sendEvent(event: Extract<Outgoing, { kind: "event" }>) {
    if (event.first) this.#eventTimestamp = this.#timestamp;
    this.#send(event.payload, { payloadType: TELEPHONE_EVENT_PT, marker: event.first, timestamp: this.#eventTimestamp });
  }

  #send(payload: Buffer, opts: { payloadType?: number; marker?: boolean; timestamp?: number } = {}) {
    const header = Buffer.alloc(12);
    header[0] = 0x80;
    header[1] = (opts.marker ? 0x80 : 0) | (opts.payloadType ?? 0); // PCMU unless told
    header.writeUInt16BE(this.#seq++ & 0xffff, 2);
    header.writeUInt32BE((opts.timestamp ?? this.#timestamp) >>> 0, 4);
    this.#timestamp = (this.#timestamp + SAMPLES_PER_PACKET) >>> 0;
    header.writeUInt32BE(this.#ssrc >>> 0, 8);
    this.socket.send(Buffer.concat([header, payload]), this.#remote!.port, this.#remote!.address);
  }

  close(): void {
    clearInterval(this.#timer);
    this.socket.close();
  }
}
