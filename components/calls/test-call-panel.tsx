"use client";
import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import {
  ParticipantKind,
  Room,
  RoomEvent,
  Track,
  type RemoteParticipant,
  type RemoteTrack,
} from "livekit-client";
import { ApiClientError, startWebCallRequest } from "@/lib/client/api";
import { Badge, Button, Card, ErrorBanner } from "@/components/ui/primitives";
import { LevelMeter } from "@/components/calls/level-meter";
import { LiveCallControls } from "@/components/calls/live-call-controls";
import {
  AGENT_STATE_ATTRIBUTE,
  DEFAULT_AGENT_JOIN_TIMEOUT_SECONDS,
  ERROR_ATTRIBUTE,
  ERROR_TOPIC,
  TRANSCRIPTION_FINAL_ATTRIBUTE,
  TRANSCRIPTION_SEGMENT_ATTRIBUTE,
  TRANSCRIPTION_TOPIC,
} from "@/lib/contract/wire";

type Phase = "idle" | "starting" | "connecting" | "waiting-for-agent" | "live" | "ended" | "failed";
type Line = { id: string; speaker: "user" | "agent"; text: string; final: boolean };

const AGENT_JOIN_TIMEOUT_MS = DEFAULT_AGENT_JOIN_TIMEOUT_SECONDS * 1000;
const AGENT_DID_NOT_JOIN = "The agent did not join the call. Check that the agent worker is running.";

function describeMediaError(error: unknown): string {
  const name = error instanceof Error ? error.name : "";
  if (name === "NotAllowedError" || name === "SecurityError") return "Microphone blocked: allow microphone access in your browser and try again.";
  if (name === "NotFoundError") return "No microphone found.";
  return `Could not start the microphone${error instanceof Error ? `: ${error.message}` : ""}`;
}

export function TestCallPanel({ assistantId }: { assistantId: string }) {
  const queryClient = useQueryClient();
  const roomRef = useRef<Room | null>(null);
  const audioHost = useRef<HTMLDivElement>(null);
  const [phase, setPhase] = useState<Phase>("idle");
  const [error, setError] = useState<string | null>(null);
  const [callId, setCallId] = useState<string | null>(null);
  const [agentState, setAgentState] = useState<string | null>(null);
  const [lines, setLines] = useState<Line[]>([]);
  const [agentTrack, setAgentTrack] = useState<MediaStreamTrack | null>(null);
  const [micTrack, setMicTrack] = useState<MediaStreamTrack | null>(null);

  useEffect(() => () => void roomRef.current?.disconnect(), []);

  const upsertLine = (line: Line) =>
    setLines((prev) => {
      const i = prev.findIndex((l) => l.id === line.id);
      if (i === -1) return [...prev, line];
      const next = prev.slice();
      next[i] = line;
      return next;
    });

  function fail(message: string) {
    setError(message);
    setPhase("failed");
    void roomRef.current?.disconnect();
  }

  async function start() {
    setError(null);
    setLines([]);
    setAgentState(null);
    setPhase("starting");
    let session: Awaited<ReturnType<typeof startWebCallRequest>>;
    try {
      session = await startWebCallRequest(assistantId);
    } catch (e) {
      setPhase("failed");
      setError(e instanceof ApiClientError ? e.message : "Could not start the call");
      return;
    }
    setCallId(session.call_id);
    const room = new Room({ adaptiveStream: false, dynacast: false });
    roomRef.current = room;
    let agentJoined = false;
    let finished = false;

    const isAgent = (p: RemoteParticipant) => p.kind === ParticipantKind.AGENT || AGENT_STATE_ATTRIBUTE in p.attributes;
    const markLive = () => {
      if (agentJoined) return;
      agentJoined = true;
      setPhase("live");
    };
    const onAgent = (p: RemoteParticipant) => {
      if (isAgent(p)) markLive();
    };

    room
      .on(RoomEvent.ParticipantConnected, onAgent)
      .on(RoomEvent.TrackSubscribed, (track: RemoteTrack, _pub, participant) => {
        if (track.kind !== Track.Kind.Audio) return;
        // Only the agent publishes audio into a test call's room.
        markLive();
        const el = track.attach();
        el.dataset.participant = participant.identity;
        audioHost.current?.appendChild(el);
        setAgentTrack(track.mediaStreamTrack);
      })
      .on(RoomEvent.TrackUnsubscribed, (track: RemoteTrack) => track.detach().forEach((el) => el.remove()))
      .on(RoomEvent.ParticipantAttributesChanged, (changed, participant) => {
        if (!isAgent(participant as RemoteParticipant)) return;
        markLive();
        if (changed[AGENT_STATE_ATTRIBUTE]) setAgentState(changed[AGENT_STATE_ATTRIBUTE]);
        if (changed[ERROR_ATTRIBUTE]) fail(changed[ERROR_ATTRIBUTE]);
      })
      .on(RoomEvent.ParticipantDisconnected, (p: RemoteParticipant) => {
        if (!isAgent(p) || finished) return;
        const reason = p.attributes[ERROR_ATTRIBUTE];
        if (reason) fail(reason);
        else void room.disconnect();
      })
      .on(RoomEvent.Disconnected, () => {
        // The server closes the room of a call whose agent never reported in (its join
        // timeout), which may come a moment before this page's own timer.
        if (!agentJoined && !finished) fail(AGENT_DID_NOT_JOIN);
        finished = true;
        setPhase((current) => (current === "failed" ? current : "ended"));
        setMicTrack(null);
        void queryClient.invalidateQueries({ queryKey: ["calls"] });
      });

    room.registerTextStreamHandler(TRANSCRIPTION_TOPIC, async (reader, participantInfo) => {
      const attrs = reader.info.attributes ?? {};
      const id = attrs[TRANSCRIPTION_SEGMENT_ATTRIBUTE] ?? reader.info.id;
      const speaker = participantInfo.identity === room.localParticipant.identity ? "user" : "agent";
      let text = "";
      for await (const chunk of reader) {
        text += chunk;
        upsertLine({ id, speaker, text, final: false });
      }
      upsertLine({ id, speaker, text, final: attrs[TRANSCRIPTION_FINAL_ATTRIBUTE] !== "false" });
    });
    room.registerTextStreamHandler(ERROR_TOPIC, async (reader) => fail(await reader.readAll()));

    setPhase("connecting");
    try {
      await room.connect(session.server_url, session.token, { rtcConfig: { iceServers: [] } });
    } catch (e) {
      return fail(`Could not connect to the media server${e instanceof Error ? `: ${e.message}` : ""}`);
    }
    try {
      const pub = await room.localParticipant.setMicrophoneEnabled(true);
      setMicTrack(pub?.track?.mediaStreamTrack ?? null);
    } catch (e) {
      return fail(describeMediaError(e));
    }
    await room.startAudio().catch(() => undefined);
    room.remoteParticipants.forEach(onAgent);
    if (!agentJoined) setPhase("waiting-for-agent");
    setTimeout(() => {
      room.remoteParticipants.forEach(onAgent);
      if (!agentJoined && !finished) fail(AGENT_DID_NOT_JOIN);
    }, AGENT_JOIN_TIMEOUT_MS);
  }

  const inCall = phase === "connecting" || phase === "waiting-for-agent" || phase === "live";
  const phaseLabel: Record<Phase, string> = {
    idle: "Ready", starting: "Starting…", connecting: "Connecting…", "waiting-for-agent": "Waiting for agent…",
    live: "Connected", ended: "Call ended", failed: "Call failed",
  };

  return (
    <Card
      title="Test call"
      actions={
        <div className="flex items-center gap-2">
          <Badge tone={phase === "live" ? "green" : phase === "failed" ? "red" : inCall ? "amber" : "slate"}>
            <span data-testid="call-phase" data-phase={phase}>{phaseLabel[phase]}</span>
          </Badge>
          {agentState && phase === "live" && (
            <Badge tone="blue">
              <span aria-live="polite">Agent <span data-testid="agent-state" data-state={agentState}>{agentState}</span></span>
            </Badge>
          )}
        </div>
      }
    >
      <div className="space-y-4">
        {error && <ErrorBanner message={error} />}
        <div className="flex gap-3">
          {inCall ? (
            <Button variant="danger" onClick={() => void roomRef.current?.disconnect()}>Hang up</Button>
          ) : (
            <Button onClick={() => void start()} disabled={phase === "starting"}>Test call</Button>
          )}
          {callId && (phase === "ended" || phase === "failed") && (
            <Link className="self-center text-sm text-brand-600 hover:underline" href={`/calls/${callId}`}>View in call log</Link>
          )}
          {callId && phase === "live" && (
            <Link className="self-center text-sm text-brand-600 hover:underline" href={`/calls/${callId}`} target="_blank" rel="noopener">Open call page ↗</Link>
          )}
        </div>
        <div className="grid grid-cols-2 gap-4">
          <LevelMeter label="Agent audio" track={agentTrack} testId="agent-level" />
          <LevelMeter label="Your microphone" track={micTrack} testId="mic-level" />
        </div>
        <div data-testid="live-transcript" className="max-h-80 space-y-2 overflow-y-auto rounded-md bg-slate-50 p-3">
          {lines.length === 0 && <p className="text-sm text-slate-500">The live transcript appears here.</p>}
          {lines.map((l) => (
            <div key={l.id} data-speaker={l.speaker} className={`flex ${l.speaker === "user" ? "justify-end" : "justify-start"}`}>
              <p className={`max-w-[80%] rounded-lg px-3 py-2 text-sm ${l.speaker === "user" ? "bg-brand-600 text-white" : "bg-white text-slate-800 shadow-sm"} ${l.final ? "" : "opacity-70"}`}>
                {l.text}
              </p>
            </div>
          ))}
        </div>
        {callId && phase === "live" && <LiveCallControls callId={callId} />}
        <div ref={audioHost} className="hidden" />
      </div>
    </Card>
  );
}
