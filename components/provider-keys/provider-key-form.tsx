"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { PROVIDER_KEY_PROVIDER_LABELS, PROVIDER_KEY_PROVIDERS, providerKeyCreateSchema, type ProviderKey, type ProviderKeyProvider } from "@/lib/schemas/provider-key";
import { ApiClientError, saveProviderKeyRequest } from "@/lib/client/api";
import { Button, ErrorBanner, Field, Input, Select } from "@/components/ui/primitives";

type Errors = Partial<Record<"provider" | "api_key" | "base_url" | "form", string>>;

const fieldOf = (param: string | null) =>
  param === "provider" || param === "api_key" || param === "base_url" ? param : undefined;

// Saving a provider that already has a key replaces it; the key is never shown again.
export function ProviderKeyForm({ storedProviders }: { storedProviders: string[] }) {
  const queryClient = useQueryClient();
  const [provider, setProvider] = useState<ProviderKeyProvider>("openai");
  const [apiKey, setApiKey] = useState("");
  const [baseUrl, setBaseUrl] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState<ProviderKey | null>(null);
  const isReplacing = storedProviders.includes(provider);
  const needsBaseUrl = provider === "openai-compatible";

  const mutation = useMutation({
    mutationFn: saveProviderKeyRequest,
    onSuccess: async ({ byok_key: key }) => {
      setApiKey("");
      setBaseUrl("");
      setSaved(key);
      await queryClient.invalidateQueries({ queryKey: ["provider-keys"] });
    },
    onError: (e) => {
      const field = e instanceof ApiClientError ? fieldOf(e.param) : undefined;
      setErrors(field ? { [field]: e.message.replace(`${field}: `, "") } : { form: e.message });
    },
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved(null);
    const parsed = providerKeyCreateSchema.safeParse({ provider, api_key: apiKey, ...(baseUrl.trim() ? { base_url: baseUrl.trim() } : {}) });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = fieldOf(String(issue?.path[0] ?? "")) ?? "form";
      return setErrors({ [field]: issue?.message ?? "Invalid input" });
    }
    setErrors({});
    mutation.mutate(parsed.data);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="provider-key-form">
      {errors.form && <ErrorBanner message={errors.form} />}
      {saved && (
        <p role="status" className="text-sm text-green-700" data-testid="provider-key-saved">
          Saved the {PROVIDER_KEY_PROVIDER_LABELS[saved.provider]} key {saved.key_hint}.
        </p>
      )}
      <div className="grid gap-4 md:grid-cols-2">
        <Field label="Provider" htmlFor="provider-key-provider" error={errors.provider} hint={isReplacing ? "Saving replaces the stored key" : undefined}>
          <Select id="provider-key-provider" value={provider} onChange={(e) => setProvider(e.target.value as ProviderKeyProvider)}>
            {PROVIDER_KEY_PROVIDERS.map((p) => <option key={p} value={p}>{PROVIDER_KEY_PROVIDER_LABELS[p]}</option>)}
          </Select>
        </Field>
        <Field label="API key" htmlFor="provider-key-api-key" error={errors.api_key} hint="Stored encrypted; only its last four characters are shown again">
          <Input id="provider-key-api-key" type="password" value={apiKey} onChange={(e) => setApiKey(e.target.value)} autoComplete="off" spellCheck={false} />
        </Field>
        <div className="md:col-span-2">
          <Field
            label="Base URL"
            htmlFor="provider-key-base-url"
            error={errors.base_url}
            hint={needsBaseUrl ? "Required: your server's OpenAI-compatible API, e.g. http://127.0.0.1:11434/v1" : "Optional: a proxy or self-hosted endpoint for this key; empty uses the provider's own API"}
          >
            <Input id="provider-key-base-url" type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder={needsBaseUrl ? "http://127.0.0.1:11434/v1" : ""} autoComplete="off" />
          </Field>
        </div>
      </div>
      <Button type="submit" disabled={mutation.isPending}>
        {mutation.isPending ? "Saving…" : isReplacing ? "Replace key" : "Save key"}
      </Button>
    </form>
  );
}
