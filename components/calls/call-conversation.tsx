"use client";
import { useEffect, useMemo, useRef, useState } from "react";
import { isLiveCallStatus, type Call } from "@/lib/schemas/call";
import { activeMessageAt, buildTimeline, formatOffset, type TimelineEntry } from "@/components/calls/timeline";
import { formatMs } from "@/components/calls/waterfall";

// The transcript as a conversation with the tool calls at their time, and the recording above
// it: clicking a message plays from there; the message being played is highlighted.

function useStableRecordingUrl(url: string | null) {
  // The API signs a fresh, time-limited URL on every fetch; swapping it under a playing
  // <audio> would restart it, so keep the first one until it fails.
  const [src, setSrc] = useState<string | null>(url);
  useEffect(() => {
    if (!src && url) setSrc(url);
  }, [src, url]);
  const onError = () => {
    if (url && url !== src) setSrc(url);
  };
  return { src, onError };
}

const pretty = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value, null, 2));

function ToolCallEntry({ entry }: { entry: Extract<TimelineEntry, { kind: "tool" }> }) {
  const { tool } = entry;
  const args = Object.entries(tool.arguments);
  return (
    <li data-testid="tool-call" data-tool-name={tool.name} className="mx-auto w-full max-w-[85%]">
      <div className={`rounded-lg border px-3 py-2 text-sm ${tool.error ? "border-red-200 bg-red-50" : "border-amber-200 bg-amber-50"}`}>
        <p className="flex flex-wrap items-baseline gap-x-2 text-xs text-slate-600">
          <span aria-hidden>⚙</span>
          <span className="font-mono font-semibold text-slate-800">{tool.name}</span>
          <span>tool call{entry.startMs !== null && <> at {formatOffset(entry.startMs)}</>}</span>
          {entry.durationMs !== null && <span>· took {formatMs(entry.durationMs)}</span>}
        </p>
        {args.length > 0 && (
          <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs" data-testid="tool-call-arguments">
            {args.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="font-mono text-slate-500">{k}</dt>
                <dd className="break-words font-mono text-slate-800">{pretty(v)}</dd>
              </div>
            ))}
          </dl>
        )}
        {tool.error ? (
          <p className="mt-2 text-xs text-red-800" data-testid="tool-call-error"><span className="font-semibold">Error:</span> {tool.error}</p>
        ) : tool.result !== null ? (
          <div className="mt-2 text-xs">
            <p className="font-semibold text-slate-600">Result</p>
            <pre className="mt-0.5 max-h-40 overflow-auto whitespace-pre-wrap break-words rounded bg-white/70 p-2 font-mono text-slate-800" data-testid="tool-call-result">{tool.result}</pre>
          </div>
        ) : (
          <p className="mt-2 text-xs italic text-slate-500">No result recorded.</p>
        )}
      </div>
    </li>
  );
}

function MessageBubble({
  entry, active, canSeek, onSeek,
}: { entry: Extract<TimelineEntry, { kind: "message" }>; active: boolean; canSeek: boolean; onSeek: (ms: number) => void }) {
  const isUser = entry.role === "user";
  const tone = isUser ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-800";
  const ring = active ? "ring-2 ring-amber-400 ring-offset-2" : "";
  const label = (
    <span className="mb-1 block text-[11px] opacity-75">
      {isUser ? (entry.type === "dtmf" ? "Caller pressed keys" : "Caller") : "Assistant"}
      {entry.startMs !== null && <> · <time>{formatOffset(entry.startMs)}</time></>}
    </span>
  );
  const seekable = canSeek && entry.startMs !== null;
  return (
    <li data-role={entry.role} data-active={active || undefined} aria-current={active ? "true" : undefined} className={`flex ${isUser ? "justify-end" : "justify-start"}`}>
      {seekable ? (
        <button
          type="button"
          onClick={() => onSeek(entry.startMs!)}
          title={`Play from ${formatOffset(entry.startMs)}`}
          className={`max-w-[75%] rounded-lg px-3 py-2 text-left text-sm transition-shadow hover:shadow-md focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 ${tone} ${ring}`}
        >
          {label}
          <span className="block whitespace-pre-wrap">{entry.content}</span>
        </button>
      ) : (
        <div className={`max-w-[75%] rounded-lg px-3 py-2 text-sm ${tone} ${ring}`}>
          {label}
          <p className="whitespace-pre-wrap">{entry.content}</p>
        </div>
      )}
    </li>
  );
}

export function CallConversation({ call }: { call: Call }) {
  const entries = useMemo(() => buildTimeline(call.messages, call.tool_calls, call.started_at), [call.messages, call.tool_calls, call.started_at]);
  const audioRef = useRef<HTMLAudioElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const [positionMs, setPositionMs] = useState(0);
  const [isPlaying, setIsPlaying] = useState(false);
  const { src, onError } = useStableRecordingUrl(call.recording_url);
  const active = isPlaying ? activeMessageAt(entries, positionMs) : null;

  useEffect(() => {
    if (active === null) return;
    listRef.current?.querySelector('[data-active="true"]')?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, [active]);

  const seek = (ms: number) => {
    const audio = audioRef.current;
    if (!audio) return;
    audio.currentTime = ms / 1000;
    setPositionMs(ms);
    void audio.play().catch(() => undefined);
  };
  const isLive = isLiveCallStatus(call.status);

  return (
    <div className="space-y-4">
      {src ? (
        <div className="sticky top-0 z-10 -mx-1 rounded-md bg-white/95 px-1 py-1 backdrop-blur">
          <audio
            ref={audioRef}
            src={src}
            controls
            preload="metadata"
            className="w-full"
            aria-label="Call recording"
            data-testid="call-recording"
            onError={onError}
            onTimeUpdate={(e) => setPositionMs(e.currentTarget.currentTime * 1000)}
            onSeeked={(e) => setPositionMs(e.currentTarget.currentTime * 1000)}
            onPlay={() => setIsPlaying(true)}
            onPause={() => setIsPlaying(false)}
            onEnded={() => setIsPlaying(false)}
          />
          <p className="mt-1 text-xs text-slate-500">Click a message to play the recording from there.</p>
        </div>
      ) : (
        !isLive && <p className="text-xs text-slate-500" data-testid="no-recording">No recording for this call.</p>
      )}
      {entries.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="no-transcript">
          {isLive ? "The call is in progress; its transcript appears here when it ends." : "No transcript."}
        </p>
      ) : (
        <ol ref={listRef} className="space-y-3" data-testid="call-transcript" aria-label="Transcript">
          {entries.map((e) =>
            e.kind === "message" ? (
              <MessageBubble key={e.key} entry={e} active={active === e.index} canSeek={Boolean(src)} onSeek={seek} />
            ) : (
              <ToolCallEntry key={e.key} entry={e} />
            ),
          )}
        </ol>
      )}
    </div>
  );
}
