"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiKeyCreateSchema, type ApiKeyCreated } from "@/lib/schemas/api-key";
import { ApiClientError, createApiKeyRequest } from "@/lib/client/api";
import { Button, ErrorBanner, Field, Input } from "@/components/ui/primitives";

// Name a key and create it; the parent shows the key that comes back, once.
export function CreateApiKeyForm({ onCreated }: { onCreated: (created: ApiKeyCreated) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [error, setError] = useState<{ field?: string; form?: string }>({});

  const mutation = useMutation({
    mutationFn: createApiKeyRequest,
    onSuccess: async (created) => {
      setName("");
      onCreated(created);
      await queryClient.invalidateQueries({ queryKey: ["api-keys"] });
    },
    onError: (e) => {
      const isNameError = e instanceof ApiClientError && e.param === "name";
      setError(isNameError ? { field: e.message.replace("name: ", "") } : { form: e.message });
    },
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const parsed = apiKeyCreateSchema.safeParse({ name });
    if (!parsed.success) return setError({ field: parsed.error.issues[0]?.message ?? "Invalid name" });
    setError({});
    mutation.mutate(parsed.data);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate>
      {error.form && <ErrorBanner message={error.form} />}
      <Field label="Key name" htmlFor="api-key-name" error={error.field} hint="Where the key will be used, e.g. “CRM integration”">
        <Input id="api-key-name" name="name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      </Field>
      <Button type="submit" disabled={mutation.isPending}>{mutation.isPending ? "Creating…" : "Create API key"}</Button>
    </form>
  );
}
