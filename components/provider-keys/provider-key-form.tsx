"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { BYOK_PROVIDER_LABELS, BYOK_PROVIDERS, byokCreateSchema, type ByokKey, type ByokProvider } from "@/lib/schemas/byok";
import { ApiClientError, saveByokKeyRequest } from "@/lib/client/api";
import { Button, ErrorBanner, Field, Input, Select } from "@/components/ui/primitives";

type Errors = Partial<Record<"provider" | "api_key" | "base_url" | "form", string>>;

const fieldOf = (param: string | null) =>
  param === "provider" || param === "api_key" || param === "base_url" ? param : undefined;

// Saving a provider that already has a key replaces it; the key is never shown again.
export function ProviderKeyForm({ storedProviders }: { storedProviders: string[] }) {
  const queryClient = useQueryClient();
  const [provider, setProvider] = useState<ByokProvider>("openai");
  const [apiKey, setApiKey] = useState("");
  const [baseUrl, setBaseUrl] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState<ByokKey | null>(null);
  const isReplacing = storedProviders.includes(provider);
  const needsBaseUrl = provider === "openai-compatible";

  const mutation = useMutation({
    mutationFn: saveByokKeyRequest,
    onSuccess: async ({ byok_key }) => {
      setApiKey("");
      setBaseUrl("");
      setSaved(byok_key);
      await queryClient.invalidateQueries({ queryKey: ["byok"] });
    },
    onError: (e) => {
      const field = e instanceof ApiClientError ? fieldOf(e.param) : undefined;
      setErrors(field ? { [field]: e.message.replace(`${field}: `, "") } : { form: e.message });
    },
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved(null);
    const parsed = byokCreateSchema.safeParse({ provider, api_key: apiKey, ...(baseUrl.trim() ? { base_url: baseUrl.trim() } : {}) });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = fieldOf(String(issue?.path[0] ?? "")) ?? "form";
      return setErrors({ [field]: issue?.message ?? "Invalid input" });
    }
    setErrors({});
    mutation.mutate(parsed.data);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="byok-form">
      {errors.form && <ErrorBanner message={errors.form} />}
      {saved && (
        <p role="status" className="text-sm text-green-700" data-testid="byok-saved">
          Saved the {BYOK_PROVIDER_LABELS[saved.provider]} key {saved.key_hint}.
        </p>
      )}
      <div className="grid gap-4 md:grid-cols-2">
        <Field label="Provider" htmlFor="byok_provider" error={errors.provider} hint={isReplacing ? "Saving replaces the stored key" : undefined}>
          <Select id="byok_provider" value={provider} onChange={(e) => setProvider(e.target.value as ByokProvider)}>
            {BYOK_PROVIDERS.map((p) => <option key={p} value={p}>{BYOK_PROVIDER_LABELS[p]}</option>)}
          </Select>
        </Field>
        <Field label="API key" htmlFor="byok_api_key" error={errors.api_key} hint="Stored encrypted; only its last four characters are shown again">
          <Input id="byok_api_key" type="password" value={apiKey} onChange={(e) => setApiKey(e.target.value)} autoComplete="off" spellCheck={false} />
        </Field>
        <div className="md:col-span-2">
          <Field
            label="Base URL"
            htmlFor="byok_base_url"
            error={errors.base_url}
            hint={needsBaseUrl ? "Required: your server's OpenAI-compatible API, e.g. http://127.0.0.1:11434/v1" : "Optional: a proxy or self-hosted endpoint for this key; empty uses the provider's own API"}
          >
            <Input id="byok_base_url" type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder={needsBaseUrl ? "http://127.0.0.1:11434/v1" : ""} autoComplete="off" />
          </Field>
        </div>
      </div>
      <Button type="submit" disabled={mutation.isPending}>
        {mutation.isPending ? "Saving…" : isReplacing ? "Replace key" : "Save key"}
      </Button>
    </form>
  );
}
