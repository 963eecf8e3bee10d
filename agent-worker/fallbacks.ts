// A stage with `fallbacks` runs behind LiveKit's FallbackAdapter (stt/llm/tts, @livekit/agents
// 1.9.0): when the provider in use errors or times out, the adapter marks it unavailable,
// emits `<stage>_availability_changed` and moves on to the next one in the list (probing the
// failed one in the background until it recovers). Each switch is recorded as a failover
// (stage, from, to, at, reason) for the call's `ended` report. When every provider of a stage
// has failed the adapter's own stream errors, and the session ends the call as before
// (failed / provider_error).
import { llm, stt, tts, type VAD } from "@livekit/agents";
import type { LlmConfig, LlmEntry, ProviderKeys, SttConfig, SttEntry, TtsConfig, TtsEntry } from "../lib/contract/call-config";
import { createLlm, createStt, createTts, type ProviderEnv, type Providers, type Stage } from "./providers";
import type { Failover } from "../lib/contract/call-events";

export type FailoverRecord = Omit<Failover, "reason"> & { reason: string | null };

/** The provider switches of one call, in order. */
export class FailoverLog {
  readonly entries: FailoverRecord[] = [];
  #listeners = new Set<(entry: FailoverRecord) => void>();

  record(entry: Omit<FailoverRecord, "at">): void {
    const full = { ...entry, at: new Date().toISOString(), reason: entry.reason?.slice(0, 500) ?? null };
    this.entries.push(full);
    for (const listener of this.#listeners) listener(full);
  }

  onRecord(listener: (entry: FailoverRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

export interface ProvidersWithFailover extends Providers {
  failovers: FailoverLog;
  /** Every provider of each stage, primary first ("provider" or "provider/model" when a provider repeats). */
  names: Record<Stage, string[]>;
}

export interface FallbackTuning {
  /** LLM: seconds an attempt may take before the next provider is tried. */
  llmAttemptTimeoutSeconds?: number;
  /** STT: time to connect/answer before the next provider is tried. */
  sttAttemptTimeoutMs?: number;
  /** TTS: retries of one provider before the next is tried. */
  ttsMaxRetry?: number;
}

/** The error's own words, short (no audio, no transcript: provider errors carry neither). */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) {
    const status = (error as { statusCode?: unknown }).statusCode;
    const text = error.message || error.name;
    return typeof status === "number" && status > 0 && !text.includes(String(status)) ? `${text} (status ${status})` : text;
  }
  return String(error);
}

function memberNames(entries: { provider: string; model?: string }[]): string[] {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.provider, (counts.get(e.provider) ?? 0) + 1);
  return entries.map((e) => ((counts.get(e.provider) ?? 0) > 1 && e.model ? `${e.provider}/${e.model}` : e.provider));
}

type Emitter = { on(event: string, listener: (ev: never) => void): unknown };

/** Remembers the last error each member reported, for the failover's reason. */
function trackErrors(members: Emitter[][]): (index: number) => string | null {
  const last: (string | null)[] = members.map(() => null);
  members.forEach((emitters, index) => {
    for (const emitter of emitters) {
      emitter.on("error", ((ev: { error?: unknown }) => {
        last[index] = reasonOf(ev?.error ?? ev);
      }) as (ev: never) => void);
    }
  });
  return (index) => last[index] ?? null;
}

/** The member the adapter tries after `failed`: the next available one in order. */
function nextAvailable(status: { available: boolean }[], failed: number): number | undefined {
  for (let i = failed + 1; i < status.length; i++) if (status[i]?.available) return i;
  return undefined;
}

function recordSwitches(
  stage: Stage,
  adapter: { on(event: string, listener: (ev: { available: boolean } & Record<string, unknown>) => void): unknown },
  event: string,
  key: string,
  instances: unknown[],
  status: () => { available: boolean }[],
  names: string[],
  reason: (index: number) => string | null,
  log: FailoverLog,
) {
  adapter.on(event, (ev) => {
    if (ev.available) return;
    const from = instances.indexOf(ev[key]);
    if (from < 0) return;
    const to = nextAvailable(status(), from);
    // Nothing left to switch to: the stage fails and the call ends with provider_error.
    if (to === undefined) return;
    log.record({ stage, from: names[from] ?? "unknown", to: names[to] ?? "unknown", reason: reason(from) });
  });
}

function buildStt(config: SttConfig, env: ProviderEnv, keys: ProviderKeys | null | undefined, vad: () => VAD, tuning: FallbackTuning, log: FailoverLog) {
  const entries: SttEntry[] = [config, ...(config.fallbacks ?? [])];
  const instances = entries.map((entry) => createStt(entry, env, keys));
  const names = memberNames(entries);
  if (instances.length === 1) return { instance: instances[0]!, names };
  const adapter = new stt.FallbackAdapter({
    sttInstances: instances,
    vad: instances.some((s) => !s.capabilities.streaming) ? vad() : undefined,
    attemptTimeoutMs: tuning.sttAttemptTimeoutMs ?? 10_000,
    maxRetryPerSTT: 1,
    retryIntervalMs: 1_000,
  });
  // Non-streaming members are wrapped in a StreamAdapter: errors may come from either.
  const reason = trackErrors(instances.map((s, i) => [s, adapter.sttInstances[i]!].filter((x, j, all) => all.indexOf(x) === j)));
  recordSwitches("stt", adapter as never, "stt_availability_changed", "stt", adapter.sttInstances, () => adapter.status, names, reason, log);
  return { instance: adapter as stt.STT, names };
}

function buildLlm(config: LlmConfig, env: ProviderEnv, keys: ProviderKeys | null | undefined, tuning: FallbackTuning, log: FailoverLog) {
  const entries: LlmEntry[] = [config, ...(config.fallbacks ?? [])];
  const instances = entries.map((entry) => createLlm(entry, env, keys));
  const names = memberNames(entries);
  if (instances.length === 1) return { instance: instances[0]!, names };
  const adapter = new llm.FallbackAdapter({ llms: instances, attemptTimeout: tuning.llmAttemptTimeoutSeconds ?? 10, maxRetryPerLLM: 0 });
  const reason = trackErrors(instances.map((i) => [i]));
  recordSwitches("llm", adapter as never, "llm_availability_changed", "llm", instances, () => adapter._status, names, reason, log);
  return { instance: adapter as llm.LLM, names };
}

function buildTts(config: TtsConfig, env: ProviderEnv, keys: ProviderKeys | null | undefined, tuning: FallbackTuning, log: FailoverLog) {
  const entries: TtsEntry[] = [config, ...(config.fallbacks ?? [])];
  const instances = entries.map((entry) => createTts(entry, env, keys));
  const names = memberNames(entries);
  if (instances.length === 1) return { instance: instances[0]!, names };
  const adapter = new tts.FallbackAdapter({ ttsInstances: instances, maxRetryPerTTS: tuning.ttsMaxRetry ?? 1 });
  // The 1.9.0 adapter re-emits every member's error as its own, and the session ends the
  // call on the first unrecoverable TTS error: that would defeat the fallback. Only the
  // adapter's own error (all members failed) may reach the session.
  for (const instance of instances) instance.removeAllListeners("error");
  const reason = trackErrors(instances.map((i) => [i]));
  recordSwitches("tts", adapter as never, "tts_availability_changed", "tts", instances, () => adapter.status, names, reason, log);
  return { instance: adapter as tts.TTS, names };
}

/**
 * Builds every stage, fallbacks included, failing on the first misconfigured provider
 * (STT, then LLM, then TTS; within a stage in list order) with a ProviderConfigError.
 */
export function createProviders(
  config: { stt_config: SttConfig; llm_config: LlmConfig; tts_config: TtsConfig },
  env: ProviderEnv,
  keys?: ProviderKeys | null,
  opts: { vad?: VAD | (() => VAD); tuning?: FallbackTuning } = {},
): ProvidersWithFailover {
  const failovers = new FailoverLog();
  const tuning = opts.tuning ?? {};
  const vad = () => {
    if (!opts.vad) throw new Error("a VAD is needed to run a non-streaming STT behind the fallback adapter");
    return typeof opts.vad === "function" ? opts.vad() : opts.vad;
  };
  const sttStage = buildStt(config.stt_config, env, keys, vad, tuning, failovers);
  const llmStage = buildLlm(config.llm_config, env, keys, tuning, failovers);
  const ttsStage = buildTts(config.tts_config, env, keys, tuning, failovers);
  return {
    stt: sttStage.instance,
    llm: llmStage.instance,
    tts: ttsStage.instance,
    failovers,
    names: { stt: sttStage.names, llm: llmStage.names, tts: ttsStage.names },
  };
}
