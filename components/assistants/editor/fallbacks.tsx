"use client";
import { Button } from "@/components/ui/primitives";
import { llmModels, llmProviders, sttModels, sttProviders, ttsModels, ttsProviders, ttsVoices } from "@/lib/schemas/provider-catalogue";
import { getAt } from "./draft";
import { NumberField, SelectField, TextField, useEditor, useFieldError } from "./fields";

// Alternative providers of one stage (stt_config.fallbacks, …), tried in order when the one
// in use fails or times out during a call. Each entry has the stage's own fields.

const MAX_FALLBACKS = 3;
type Stage = "stt" | "llm" | "tts";

const PROVIDERS: Record<Stage, readonly string[]> = { stt: sttProviders, llm: llmProviders, tts: ttsProviders };
const MODELS: Record<Stage, Record<string, string[]>> = { stt: sttModels, llm: llmModels, tts: ttsModels };
const STAGE_LABEL: Record<Stage, string> = { stt: "speech-to-text", llm: "language model", tts: "text-to-speech" };

/** A new entry: the first provider other than the primary, with its default model (and voice). */
export function newFallback(stage: Stage, primary: string | undefined): Record<string, unknown> {
  const provider = PROVIDERS[stage].find((p) => p !== primary && p !== "openai-compatible") ?? PROVIDERS[stage][0]!;
  const entry: Record<string, unknown> = { provider, model: MODELS[stage][provider]?.[0] ?? "" };
  if (stage === "tts") entry.voice_id = ttsVoices[provider]?.[0]?.id ?? "";
  return entry;
}

/** The entry after a provider change: that provider's default model (and voice), the rest kept. */
export function withProvider(stage: Stage, entry: Record<string, unknown>, provider: string): Record<string, unknown> {
  const next: Record<string, unknown> = { ...entry, provider, model: MODELS[stage][provider]?.[0] ?? "" };
  if (stage === "tts") next.voice_id = ttsVoices[provider]?.[0]?.id ?? "";
  return next;
}

export function FallbacksField({ stage }: { stage: Stage }) {
  const { draft, set } = useEditor();
  const base = `${stage}_config`;
  const path = `${base}.fallbacks`;
  const fallbacks = (getAt(draft, path) as Record<string, unknown>[] | undefined) ?? [];
  const primary = getAt(draft, `${base}.provider`) as string | undefined;
  const listError = useFieldError(path);
  const update = (next: Record<string, unknown>[]) => set(path, next.length > 0 ? next : undefined);

  return (
    <div className="md:col-span-2" data-testid={`fallbacks-${stage}`}>
      <h3 className="text-sm font-medium text-slate-800">Fallback providers</h3>
      <p className="mb-2 text-xs text-slate-500">
        Tried in order when the {STAGE_LABEL[stage]} provider in use fails or does not answer in time; each switch is listed on the call.
      </p>
      {fallbacks.map((entry, i) => {
        const at = `${path}.${i}`;
        const provider = String(entry.provider ?? "");
        return (
          <div key={i} className="mb-3 grid gap-3 rounded-md border border-slate-200 p-3 md:grid-cols-2" data-testid={`fallback-${stage}-${i}`}>
            <SelectField path={`${at}.provider`} label={`Fallback ${i + 1}: provider`} options={PROVIDERS[stage]} onChange={(p) => set(at, withProvider(stage, entry, p))} />
            <TextField path={`${at}.model`} label="Model" list={`${stage}-fallback-models-${i}`} />
            <datalist id={`${stage}-fallback-models-${i}`}>{(MODELS[stage][provider] ?? []).map((m) => <option key={m} value={m} />)}</datalist>
            {stage === "tts" && <TextField path={`${at}.voice_id`} label="Voice" list={`tts-fallback-voices-${i}`} />}
            {stage === "tts" && (
              <datalist id={`tts-fallback-voices-${i}`}>{(ttsVoices[provider] ?? []).map((v) => <option key={v.id} value={v.id}>{v.name}</option>)}</datalist>
            )}
            {stage === "llm" && <NumberField path={`${at}.temperature`} label="Temperature" hint="0 to 2" step={0.1} min={0} max={2} />}
            <TextField path={`${at}.base_url`} label="Base URL" optional hint={provider === "openai-compatible" ? "Required for openai-compatible servers" : "Optional"} />
            <div className="flex items-end gap-2 md:col-span-2">
              <Button type="button" variant="secondary" disabled={i === 0} onClick={() => update(fallbacks.map((f, j) => (j === i - 1 ? fallbacks[i]! : j === i ? fallbacks[i - 1]! : f)))}>
                Move up
              </Button>
              <Button type="button" variant="secondary" onClick={() => update(fallbacks.filter((_, j) => j !== i))}>
                Remove fallback
              </Button>
            </div>
          </div>
        );
      })}
      {listError && !fallbacks.length && <p className="text-xs text-red-600">{listError}</p>}
      <Button type="button" variant="secondary" disabled={fallbacks.length >= MAX_FALLBACKS} onClick={() => update([...fallbacks, newFallback(stage, primary)])}>
        Add fallback
      </Button>
    </div>
  );
}
