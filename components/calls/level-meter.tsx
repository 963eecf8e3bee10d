"use client";
import { useEffect, useRef, useState } from "react";

const SPEAKING_RMS = 0.02;
const SILENT_RMS = 0.005;
const GAP_MS = 400;

// Live RMS level (0..1) of a MediaStreamTrack, the peak seen so far, and how many separate
// bursts of sound it carried (a new burst needs GAP_MS of silence before it).
export function useAudioLevel(track: MediaStreamTrack | null) {
  const [level, setLevel] = useState(0);
  const peak = useRef(0);
  const [peakState, setPeakState] = useState(0);
  const burst = useRef({ count: 0, speaking: false, quietSince: 0 });
  const [bursts, setBursts] = useState(0);

  useEffect(() => {
    if (!track) return;
    const ctx = new AudioContext();
    const source = ctx.createMediaStreamSource(new MediaStream([track]));
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const buf = new Float32Array(analyser.fftSize);
    let raf = 0;
    let last = 0;
    const tick = (t: number) => {
      analyser.getFloatTimeDomainData(buf);
      let sum = 0;
      for (const v of buf) sum += v * v;
      const rms = Math.sqrt(sum / buf.length);
      if (rms > peak.current) peak.current = rms;
      const b = burst.current;
      if (rms >= SPEAKING_RMS && !b.speaking) {
        b.speaking = true;
        b.count += 1;
        setBursts(b.count);
      } else if (b.speaking && rms < SILENT_RMS) {
        b.quietSince ||= t;
        if (t - b.quietSince >= GAP_MS) b.speaking = false;
      } else if (rms >= SILENT_RMS) {
        b.quietSince = 0;
      }
      if (t - last > 100) {
        last = t;
        setLevel(rms);
        setPeakState(peak.current);
      }
      raf = requestAnimationFrame(tick);
    };
    void ctx.resume();
    raf = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(raf);
      source.disconnect();
      void ctx.close();
    };
  }, [track]);

  return { level, peak: peakState, bursts };
}

export function LevelMeter({ label, track, testId }: { label: string; track: MediaStreamTrack | null; testId: string }) {
  const { level, peak, bursts } = useAudioLevel(track);
  const pct = Math.min(100, Math.round(level * 400));
  return (
    <div data-testid={testId} data-level={level.toFixed(4)} data-peak={peak.toFixed(4)} data-bursts={bursts} className="space-y-1">
      <p className="text-xs font-medium text-slate-600">{label}</p>
      <div className="h-2 w-full overflow-hidden rounded bg-slate-200">
        <div className="h-full bg-brand-500 transition-[width] duration-100" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
