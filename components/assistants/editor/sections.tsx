"use client";
import { useQuery } from "@tanstack/react-query";
import { Card, Field, Textarea } from "@/components/ui/primitives";
import { LANGUAGES, llmProviders, sttProviders, ttsProviders, WEBHOOK_EVENTS } from "@/lib/schemas/assistant";
import { llmModels, sttModels, ttsModels, ttsVoices } from "@/lib/schemas/provider-catalogue";
import { voiceQueries } from "@/lib/client/api";
import { fieldId, getAt, promptVariables, systemPromptOf, withSystemPrompt } from "./draft";
import { FallbacksField, withProvider } from "./fallbacks";
import { GenerateDraftPanel } from "./generate-draft";
import { CheckboxField, ListField, NullableTextField, NumberField, SelectField, TextField, useEditor, useFieldError } from "./fields";

const ModelList = ({ id, models = [] }: { id: string; models?: string[] }) => (
  <datalist id={id}>{models.map((m) => <option key={m} value={m} />)}</datalist>
);

export function BasicsSection() {
  return (
    <Card title="Basics">
      <div className="grid gap-4 md:grid-cols-2">
        <TextField path="name" label="Name" />
        <NullableTextField path="business_name" label="Business name" />
        <NullableTextField path="notification_email" label="Notification email" placeholder="ops@example.com" />
        <div className="self-end pb-2"><CheckboxField path="is_active" label="Active (takes calls)" /></div>
      </div>
    </Card>
  );
}

/** Renders the prompt with its {{variables}} highlighted. */
function HighlightedPrompt({ text }: { text: string }) {
  const parts = text.split(/(\{\{\s*[\w.]+\s*\}\})/g);
  return (
    <p className="whitespace-pre-wrap rounded-md bg-slate-50 p-3 text-sm text-slate-700" data-testid="prompt-preview">
      {parts.map((part, i) => (/^\{\{/.test(part) ? <mark key={i} className="rounded bg-amber-100 px-0.5 text-amber-900">{part}</mark> : <span key={i}>{part}</span>))}
    </p>
  );
}

export function ConversationSection() {
  const { draft, set } = useEditor();
  const prompt = systemPromptOf(draft);
  const variables = promptVariables(prompt);
  const error = useFieldError("llm_config.messages");
  return (
    <Card title="Conversation">
      <div className="space-y-4">
        <GenerateDraftPanel />
        <NullableTextField path="first_message" label="First message" hint="Spoken when the call starts; leave empty to wait for the caller." />
        <Field label="System prompt" htmlFor="system_prompt" error={error} hint="Use {{variable}} placeholders for values passed with the call (caller number, lead fields, custom variables).">
          <Textarea id="system_prompt" rows={8} value={prompt} onChange={(e) => set("llm_config", withSystemPrompt(draft, e.target.value).llm_config)} />
        </Field>
        {variables.length > 0 && (
          <div className="space-y-2">
            <p className="text-xs text-slate-600">Variables: {variables.map((v) => <code key={v} className="mr-1 rounded bg-amber-100 px-1 text-amber-900">{v}</code>)}</p>
            <HighlightedPrompt text={prompt} />
          </div>
        )}
      </div>
    </Card>
  );
}

/** A new primary provider starts from its default model; the other settings stay. */
function useProviderChange(stage: "stt" | "llm") {
  const { draft, set } = useEditor();
  return (p: string) => set(`${stage}_config`, withProvider(stage, (getAt(draft, `${stage}_config`) as Record<string, unknown>) ?? {}, p));
}

export function SpeechToTextSection() {
  const { draft } = useEditor();
  const changeProvider = useProviderChange("stt");
  const provider = String(getAt(draft, "stt_config.provider") ?? "deepgram");
  return (
    <Card title="Speech-to-text">
      <div className="grid gap-4 md:grid-cols-2">
        <SelectField path="stt_config.provider" label="Provider" options={sttProviders} onChange={changeProvider} />
        <TextField path="stt_config.model" label="Model" list="stt-models" />
        <ModelList id="stt-models" models={sttModels[provider]} />
        <SelectField path="stt_config.language" label="Language" options={LANGUAGES} />
        <NumberField path="stt_config.endpointing" label="Endpointing (ms)" hint="Silence that ends an utterance, 0–5000" min={0} max={5000} />
        <ListField path="stt_config.keyterms" label="Key terms" hint="Comma-separated words to boost (names, products)" placeholder="Acme, yes, no" />
        <TextField path="stt_config.base_url" label="Base URL (optional)" optional placeholder="wss://api.deepgram.com" hint="For self-hosted or compatible servers" />
        <FallbacksField stage="stt" />
      </div>
    </Card>
  );
}

export function LanguageModelSection() {
  const { draft } = useEditor();
  const changeProvider = useProviderChange("llm");
  const provider = String(getAt(draft, "llm_config.provider") ?? "openai");
  return (
    <Card title="Language model">
      <div className="grid gap-4 md:grid-cols-2">
        <SelectField path="llm_config.provider" label="Provider" options={llmProviders} onChange={changeProvider} />
        <TextField path="llm_config.model" label="Model" list="llm-models" />
        <ModelList id="llm-models" models={llmModels[provider]} />
        <NumberField path="llm_config.temperature" label="Temperature" hint="0 to 2" step={0.1} min={0} max={2} />
        <NumberField path="llm_config.max_tokens" label="Max tokens (optional)" min={1} max={32768} />
        <TextField path="llm_config.base_url" label="Base URL" optional placeholder="http://127.0.0.1:11434/v1" hint="Required for openai-compatible servers (vLLM, Ollama…)" />
        <FallbacksField stage="llm" />
      </div>
    </Card>
  );
}

type Voice = { id: string; name: string; provider: string; language?: string | null; gender?: string | null };

export function TextToSpeechSection() {
  const { draft, set } = useEditor();
  const provider = String(getAt(draft, "tts_config.provider") ?? "elevenlabs");
  const voices = useQuery(voiceQueries.list(provider));
  const catalogue: Voice[] = voices.data ?? (ttsVoices[provider] ?? []).map((v) => ({ ...v, provider }));
  const changeProvider = (p: string) => {
    const fallbacks = getAt(draft, "tts_config.fallbacks");
    set("tts_config", { provider: p, model: ttsModels[p]?.[0] ?? "", voice_id: ttsVoices[p]?.[0]?.id ?? "", ...(fallbacks ? { fallbacks } : {}) });
  };
  const isElevenLabs = provider === "elevenlabs";
  return (
    <Card title="Text-to-speech">
      <div className="grid gap-4 md:grid-cols-2">
        <SelectField path="tts_config.provider" label="Provider" options={ttsProviders} onChange={changeProvider} />
        <TextField path="tts_config.model" label="Model" list="tts-models" />
        <ModelList id="tts-models" models={ttsModels[provider]} />
        <TextField path="tts_config.voice_id" label="Voice" list="tts-voices" hint="Pick from the catalogue or enter a voice id" />
        <datalist id="tts-voices">
          {catalogue.map((v) => <option key={v.id} value={v.id}>{[v.name, v.language, v.gender].filter(Boolean).join(" · ")}</option>)}
        </datalist>
        <SelectField path="tts_config.language" label="Language" options={[{ value: "", label: "(voice default)" }, ...LANGUAGES.map((l) => ({ value: l, label: l }))]} onChange={(v) => set("tts_config.language", v || undefined)} />
        <NumberField path="tts_config.speed" label="Speed" hint="0.5 to 2" step={0.05} min={0.5} max={2} />
        {isElevenLabs && (
          <>
            <NumberField path="tts_config.stability" label="Stability" hint="0 to 1" step={0.05} min={0} max={1} />
            <NumberField path="tts_config.similarity_boost" label="Similarity boost" hint="0 to 1" step={0.05} min={0} max={1} />
            <NumberField path="tts_config.style" label="Style" hint="0 to 1" step={0.05} min={0} max={1} />
            <div className="self-end pb-2"><CheckboxField path="tts_config.use_speaker_boost" label="Speaker boost" /></div>
          </>
        )}
        <TextField path="tts_config.base_url" label="Base URL (optional)" optional />
        <FallbacksField stage="tts" />
      </div>
    </Card>
  );
}

export function WebhooksSection({ hasSecret }: { hasSecret: boolean }) {
  const { draft, set } = useEditor();
  const events = (getAt(draft, "webhook_events") as string[] | undefined) ?? [];
  const toggle = (event: string) => set("webhook_events", events.includes(event) ? events.filter((e) => e !== event) : [...events, event]);
  const secret = getAt(draft, "webhook_secret");
  return (
    <Card title="Webhooks">
      <div className="grid gap-4 md:grid-cols-2">
        <NullableTextField path="webhook_url" label="Webhook URL" placeholder="https://example.com/switchboard" />
        <Field label="Signing secret" htmlFor={fieldId("webhook_secret")} error={useFieldError("webhook_secret")} hint={hasSecret ? "A secret is set; enter a new one to replace it." : "Used to sign webhook bodies (HMAC-SHA256)."}>
          <input
            id={fieldId("webhook_secret")}
            type="password"
            autoComplete="new-password"
            placeholder={hasSecret ? "••••••••" : ""}
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
            value={typeof secret === "string" ? secret : ""}
            onChange={(e) => set("webhook_secret", e.target.value === "" ? undefined : e.target.value)}
          />
        </Field>
        <fieldset className="md:col-span-2">
          <legend className="text-sm font-medium text-slate-700">Events</legend>
          <div className="mt-2 flex flex-wrap gap-4">
            {WEBHOOK_EVENTS.map((event) => (
              <label key={event} className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={events.includes(event)} onChange={() => toggle(event)} /> {event}
              </label>
            ))}
          </div>
        </fieldset>
      </div>
    </Card>
  );
}

export function CallBehaviourSection() {
  const { draft } = useEditor();
  return (
    <Card title="Call behaviour">
      <div className="grid gap-4 md:grid-cols-2">
        <NumberField path="max_duration_seconds" label="Maximum duration (seconds)" hint="Empty = unlimited" min={1} max={14400} nullable />
        <div className="space-y-3 self-end pb-2">
          <CheckboxField path="autonomous_silence_handling" label="Autonomous silence handling" hint="Re-prompt a silent caller, then end the call" />
          <CheckboxField path="gdpr_mode" label="Privacy mode (GDPR)" hint="Do not record the call's audio" />
          <CheckboxField path="voicemail_detection" label="Voicemail detection (outbound)" />
        </div>
        {getAt(draft, "autonomous_silence_handling") === true && (
          <NumberField path="silence_timeout_seconds" label="Silence before a re-prompt (seconds)" hint="Empty = the platform default" min={1} max={600} nullable />
        )}
        {getAt(draft, "voicemail_detection") === true && (
          <div className="md:col-span-2"><NullableTextField path="voicemail_message" label="Voicemail message" hint="Empty = hang up without a message" multiline /></div>
        )}
      </div>
    </Card>
  );
}
