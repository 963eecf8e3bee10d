// A headless caller built on @livekit/rtc-node: joins a room, keeps a "microphone" track
// running in real time (silence unless told to speak), records the agent's audio level
// frame by frame, and collects the agent's text streams and attributes.
import {
  AudioFrame,
  AudioSource,
  AudioStream,
  LocalAudioTrack,
  ParticipantKind,
  RemoteParticipant,
  Room,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
  type RemoteTrack,
} from "@livekit/rtc-node";
import { AccessToken } from "livekit-server-sdk";
import { createRequire } from "node:module";
import path from "node:path";
import { rms } from "../../fakes/audio";

export const MIC_SAMPLE_RATE = 48_000;
const FRAME_MS = 10;
const SAMPLES_PER_FRAME = (MIC_SAMPLE_RATE * FRAME_MS) / 1000;

export interface AgentAudioFrame {
  /** Wall-clock ms when the frame arrived. */
  at: number;
  rms: number;
}

export interface ReceivedText {
  topic: string;
  identity: string;
  text: string;
  attributes: Record<string, string>;
  at: number;
}

export interface Caller {
  room: Room;
  identity: string;
  readonly agentAudio: AgentAudioFrame[];
  readonly texts: ReceivedText[];
  /** Every attribute snapshot the agent participant had (kept after it leaves). */
  readonly agentAttributes: Array<Record<string, string>>;
  joinedAt: number;
  /** Plays `pcm` (48 kHz mono) through the mic; resolves with when it started and ended. */
  speak(pcm: Int16Array): Promise<{ startedAt: number; endedAt: number }>;
  /** First agent frame at or after `since` with level >= minRms. */
  waitForAgentAudio(opts: { since?: number; minRms?: number; timeoutMs: number }): Promise<number>;
  /** Waits until the agent has been quiet for `quietMs` (after `since`). */
  waitForAgentQuiet(opts: { quietMs: number; minRms?: number; timeoutMs: number }): Promise<void>;
  waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T>;
  agent(): RemoteParticipant | undefined;
  leave(): Promise<void>;
}

export async function createJoinToken(opts: {
  apiKey: string;
  apiSecret: string;
  room: string;
  identity: string;
}): Promise<string> {
  const token = new AccessToken(opts.apiKey, opts.apiSecret, { identity: opts.identity, ttl: 600 });
  token.addGrant({ roomJoin: true, room: opts.room, canPublish: true, canSubscribe: true, canPublishData: true });
  return token.toJwt();
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * rtc-node logs at debug level whenever NODE_ENV is not "production" and exports no way
 * to change that; its pino instance lives in the CommonJS module next to its entry.
 */
export function quietRtcLogs(level = "warn"): void {
  try {
    const require = createRequire(import.meta.url);
    const entry = require.resolve("@livekit/rtc-node");
    const mod = require(path.join(path.dirname(entry), "log.cjs")) as { log?: { level: string } };
    if (mod.log) mod.log.level = level;
  } catch {
    // Layout changed: keep the default logging.
  }
}

export async function joinAsCaller(opts: {
  url: string;
  apiKey: string;
  apiSecret: string;
  room: string;
  identity?: string;
  textTopics?: string[];
}): Promise<Caller> {
  quietRtcLogs();
  const identity = opts.identity ?? `caller-${Math.random().toString(36).slice(2, 8)}`;
  const room = new Room();
  const agentAudio: AgentAudioFrame[] = [];
  const texts: ReceivedText[] = [];
  const agentAttributes: Array<Record<string, string>> = [];
  const readers: Array<Promise<void>> = [];

  room.on(RoomEvent.TrackSubscribed, (track: RemoteTrack, _pub, participant: RemoteParticipant) => {
    if (track.kind !== TrackKind.KIND_AUDIO || participant.kind !== ParticipantKind.AGENT) return;
    const reader = new AudioStream(track, 24_000, 1).getReader();
    readers.push(
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          agentAudio.push({ at: Date.now(), rms: rms(value.data) });
        }
      })().catch(() => {}),
    );
  });
  const recordAttributes = (participant: RemoteParticipant) => {
    if (participant.kind === ParticipantKind.AGENT) agentAttributes.push({ ...participant.attributes });
  };
  room.on(RoomEvent.ParticipantConnected, recordAttributes);
  room.on(RoomEvent.ParticipantAttributesChanged, (_changed, participant) => {
    if (participant instanceof RemoteParticipant) recordAttributes(participant);
  });
  for (const topic of opts.textTopics ?? []) {
    room.registerTextStreamHandler(topic, (reader, info) => {
      const at = Date.now();
      void reader
        .readAll()
        .then((text) => texts.push({ topic, identity: info.identity, text, attributes: reader.info.attributes ?? {}, at }))
        .catch(() => {});
    });
  }

  const token = await createJoinToken({ ...opts, identity });
  await room.connect(opts.url, token, { autoSubscribe: true, dynacast: false });
  const joinedAt = Date.now();

  // The microphone: 10 ms frames in real time, silence unless `speak` queued audio.
  const source = new AudioSource(MIC_SAMPLE_RATE, 1, 200);
  const track = LocalAudioTrack.createAudioTrack("microphone", source);
  const publishOptions = new TrackPublishOptions();
  publishOptions.source = TrackSource.SOURCE_MICROPHONE;
  await room.localParticipant?.publishTrack(track, publishOptions);

  const pending: Array<{ pcm: Int16Array; offset: number; started?: number; done: (t: { startedAt: number; endedAt: number }) => void }> = [];
  let running = true;
  const pump = (async () => {
    const t0 = performance.now();
    for (let n = 0; running; n++) {
      const wait = t0 + n * FRAME_MS - performance.now();
      if (wait > 0) await sleep(wait);
      const data = new Int16Array(SAMPLES_PER_FRAME);
      const current = pending[0];
      if (current) {
        current.started ??= Date.now();
        const chunk = current.pcm.subarray(current.offset, current.offset + SAMPLES_PER_FRAME);
        data.set(chunk);
        current.offset += chunk.length;
        if (current.offset >= current.pcm.length) {
          pending.shift();
          current.done({ startedAt: current.started, endedAt: Date.now() });
        }
      }
      try {
        await source.captureFrame(new AudioFrame(data, MIC_SAMPLE_RATE, 1, SAMPLES_PER_FRAME));
      } catch {
        if (!running) break;
      }
    }
  })();

  const waitFor = async <T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined && value !== null && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await sleep(25);
    }
  };

  let left = false;
  return {
    room,
    identity,
    agentAudio,
    texts,
    agentAttributes,
    joinedAt,
    speak: (pcm) => new Promise((done) => pending.push({ pcm, offset: 0, done })),
    waitForAgentAudio: ({ since = 0, minRms = 0.02, timeoutMs }) =>
      waitFor(() => agentAudio.find((f) => f.at >= since && f.rms >= minRms)?.at, timeoutMs, "agent audio"),
    async waitForAgentQuiet({ quietMs, minRms = 0.02, timeoutMs }) {
      await waitFor(
        () => {
          const last = agentAudio.findLast((f) => f.rms >= minRms);
          return !last || Date.now() - last.at >= quietMs ? true : undefined;
        },
        timeoutMs,
        "the agent to be quiet",
      );
    },
    waitFor,
    agent: () => [...room.remoteParticipants.values()].find((p) => p.kind === ParticipantKind.AGENT),
    async leave() {
      if (left) return;
      left = true;
      running = false;
      await pump.catch(() => {});
      await room.disconnect();
      await source.close().catch(() => {});
      await Promise.race([Promise.allSettled(readers), sleep(2000)]);
    },
  };
}
