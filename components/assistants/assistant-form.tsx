"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import {
  assistantCreateSchema,
  llmProviders,
  sttProviders,
  ttsProviders,
  LANGUAGES,
  type Assistant,
  type AssistantCreateInput,
} from "@/lib/schemas/assistant";
import { llmModels, sttModels, ttsModels, ttsVoices } from "@/lib/schemas/provider-catalogue";
import { ApiClientError, createAssistantRequest, updateAssistantRequest } from "@/lib/client/api";
import { Button, Card, ErrorBanner, Field, Input, Select, Textarea } from "@/components/ui/primitives";

type Values = {
  name: string;
  first_message: string;
  system_prompt: string;
  stt_provider: string; stt_model: string; stt_language: string; stt_base_url: string;
  llm_provider: string; llm_model: string; llm_temperature: string; llm_base_url: string;
  tts_provider: string; tts_model: string; tts_voice_id: string; tts_base_url: string;
};

const fromAssistant = (a?: Assistant): Values => ({
  name: a?.name ?? "",
  first_message: a?.first_message ?? "Hello! How can I help you today?",
  system_prompt: a?.llm_config.messages.find((m) => m.role === "system")?.content ?? "You are a friendly, concise voice assistant.",
  stt_provider: a?.stt_config.provider ?? "deepgram",
  stt_model: a?.stt_config.model ?? "nova-3-general",
  stt_language: a?.stt_config.language ?? "en",
  stt_base_url: a?.stt_config.base_url ?? "",
  llm_provider: a?.llm_config.provider ?? "openai",
  llm_model: a?.llm_config.model ?? "gpt-4o-mini",
  llm_temperature: String(a?.llm_config.temperature ?? 0.7),
  llm_base_url: a?.llm_config.base_url ?? "",
  tts_provider: a?.tts_config.provider ?? "elevenlabs",
  tts_model: a?.tts_config.model ?? "eleven_flash_v2_5",
  tts_voice_id: a?.tts_config.voice_id ?? "21m00Tcm4TlvDq8ikWAM",
  tts_base_url: a?.tts_config.base_url ?? "",
});

const opt = (s: string) => (s.trim() === "" ? undefined : s.trim());

function toPayload(v: Values): AssistantCreateInput {
  return {
    name: v.name,
    first_message: v.first_message.trim() === "" ? null : v.first_message,
    stt_config: { provider: v.stt_provider as never, model: v.stt_model, language: v.stt_language as never, base_url: opt(v.stt_base_url) },
    llm_config: {
      provider: v.llm_provider as never,
      model: v.llm_model,
      temperature: Number(v.llm_temperature),
      messages: v.system_prompt.trim() ? [{ role: "system", content: v.system_prompt }] : [],
      base_url: opt(v.llm_base_url),
    },
    tts_config: { provider: v.tts_provider as never, model: v.tts_model, voice_id: v.tts_voice_id, base_url: opt(v.tts_base_url) },
  };
}

// API/zod paths -> form field names.
const fieldFor: Record<string, keyof Values> = {
  name: "name", first_message: "first_message", "llm_config.messages": "system_prompt",
  "stt_config.provider": "stt_provider", "stt_config.model": "stt_model", "stt_config.language": "stt_language", "stt_config.base_url": "stt_base_url",
  "llm_config.provider": "llm_provider", "llm_config.model": "llm_model", "llm_config.temperature": "llm_temperature", "llm_config.base_url": "llm_base_url",
  "tts_config.provider": "tts_provider", "tts_config.model": "tts_model", "tts_config.voice_id": "tts_voice_id", "tts_config.base_url": "tts_base_url",
};
const toField = (path: string) => fieldFor[path] ?? fieldFor[path.split(".").slice(0, 2).join(".")];

export function AssistantForm({ assistant }: { assistant?: Assistant }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>(() => fromAssistant(assistant));
  const [errors, setErrors] = useState<Partial<Record<keyof Values | "form", string>>>({});
  const set = (k: keyof Values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [k]: e.target.value }));

  const mutation = useMutation({
    mutationFn: (payload: AssistantCreateInput) =>
      assistant ? updateAssistantRequest(assistant.id, payload) : createAssistantRequest(payload),
    onSuccess: async ({ assistant: saved }) => {
      await queryClient.invalidateQueries({ queryKey: ["assistants"] });
      if (!assistant) router.push(`/assistants/${saved.id}`);
    },
    onError: (error) => {
      const field = error instanceof ApiClientError && error.param ? toField(error.param) : undefined;
      setErrors(field ? { [field]: error.message } : { form: error.message });
    },
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const payload = toPayload(values);
    const parsed = assistantCreateSchema.safeParse(payload);
    if (!parsed.success) {
      const next: typeof errors = {};
      for (const issue of parsed.error.issues) {
        const field = toField(issue.path.map(String).join(".")) ?? "form";
        next[field] ??= issue.message;
      }
      return setErrors(next);
    }
    setErrors({});
    mutation.mutate(payload);
  }

  const modelList = (id: string, models: string[] = []) => (
    <datalist id={id}>{models.map((m) => <option key={m} value={m} />)}</datalist>
  );

  return (
    <form onSubmit={onSubmit} className="space-y-6" noValidate aria-label="Assistant">
      {errors.form && <ErrorBanner message={errors.form} />}
      <Card title="Basics">
        <div className="space-y-4">
          <Field label="Name" htmlFor="name" error={errors.name}><Input id="name" value={values.name} onChange={set("name")} /></Field>
          <Field label="First message" htmlFor="first_message" error={errors.first_message} hint="Spoken when the call starts; leave empty to wait for the caller.">
            <Input id="first_message" value={values.first_message} onChange={set("first_message")} />
          </Field>
          <Field label="System prompt" htmlFor="system_prompt" error={errors.system_prompt}>
            <Textarea id="system_prompt" rows={5} value={values.system_prompt} onChange={set("system_prompt")} />
          </Field>
        </div>
      </Card>

      <Card title="Speech-to-text">
        <div className="grid grid-cols-2 gap-4">
          <Field label="Provider" htmlFor="stt_provider" error={errors.stt_provider}>
            <Select id="stt_provider" value={values.stt_provider} onChange={set("stt_provider")}>{sttProviders.map((p) => <option key={p}>{p}</option>)}</Select>
          </Field>
          <Field label="Model" htmlFor="stt_model" error={errors.stt_model}>
            <Input id="stt_model" list="stt-models" value={values.stt_model} onChange={set("stt_model")} />
            {modelList("stt-models", sttModels[values.stt_provider])}
          </Field>
          <Field label="Language" htmlFor="stt_language" error={errors.stt_language}>
            <Select id="stt_language" value={values.stt_language} onChange={set("stt_language")}>{LANGUAGES.map((l) => <option key={l}>{l}</option>)}</Select>
          </Field>
          <Field label="Base URL (optional)" htmlFor="stt_base_url" error={errors.stt_base_url} hint="For self-hosted or compatible servers">
            <Input id="stt_base_url" value={values.stt_base_url} onChange={set("stt_base_url")} placeholder="wss://api.deepgram.com" />
          </Field>
        </div>
      </Card>

      <Card title="Language model">
        <div className="grid grid-cols-2 gap-4">
          <Field label="Provider" htmlFor="llm_provider" error={errors.llm_provider}>
            <Select id="llm_provider" value={values.llm_provider} onChange={set("llm_provider")}>{llmProviders.map((p) => <option key={p}>{p}</option>)}</Select>
          </Field>
          <Field label="Model" htmlFor="llm_model" error={errors.llm_model}>
            <Input id="llm_model" list="llm-models" value={values.llm_model} onChange={set("llm_model")} />
            {modelList("llm-models", llmModels[values.llm_provider])}
          </Field>
          <Field label="Temperature" htmlFor="llm_temperature" error={errors.llm_temperature} hint="0 to 2">
            <Input id="llm_temperature" type="number" step="0.1" min="0" max="2" value={values.llm_temperature} onChange={set("llm_temperature")} />
          </Field>
          <Field label="Base URL" htmlFor="llm_base_url" error={errors.llm_base_url} hint="Required for openai-compatible servers (vLLM, Ollama…)">
            <Input id="llm_base_url" value={values.llm_base_url} onChange={set("llm_base_url")} placeholder="http://127.0.0.1:11434/v1" />
          </Field>
        </div>
      </Card>

      <Card title="Text-to-speech">
        <div className="grid grid-cols-2 gap-4">
          <Field label="Provider" htmlFor="tts_provider" error={errors.tts_provider}>
            <Select id="tts_provider" value={values.tts_provider} onChange={(e) => {
              const p = e.target.value;
              setValues((v) => ({ ...v, tts_provider: p, tts_model: ttsModels[p]?.[0] ?? v.tts_model, tts_voice_id: ttsVoices[p]?.[0]?.id ?? v.tts_voice_id }));
            }}>{ttsProviders.map((p) => <option key={p}>{p}</option>)}</Select>
          </Field>
          <Field label="Model" htmlFor="tts_model" error={errors.tts_model}>
            <Input id="tts_model" list="tts-models" value={values.tts_model} onChange={set("tts_model")} />
            {modelList("tts-models", ttsModels[values.tts_provider])}
          </Field>
          <Field label="Voice" htmlFor="tts_voice_id" error={errors.tts_voice_id}>
            <Input id="tts_voice_id" list="tts-voices" value={values.tts_voice_id} onChange={set("tts_voice_id")} />
            <datalist id="tts-voices">{(ttsVoices[values.tts_provider] ?? []).map((v) => <option key={v.id} value={v.id}>{v.name}</option>)}</datalist>
          </Field>
          <Field label="Base URL (optional)" htmlFor="tts_base_url" error={errors.tts_base_url}>
            <Input id="tts_base_url" value={values.tts_base_url} onChange={set("tts_base_url")} />
          </Field>
        </div>
      </Card>

      <div className="flex items-center gap-3">
        <Button type="submit" disabled={mutation.isPending}>{mutation.isPending ? "Saving…" : assistant ? "Save changes" : "Create assistant"}</Button>
        {mutation.isSuccess && assistant && <span className="text-sm text-green-700">Saved</span>}
      </div>
    </form>
  );
}
