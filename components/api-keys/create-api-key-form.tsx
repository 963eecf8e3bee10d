"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiKeyCreateSchema, type ApiKeyCreated } from "@/lib/schemas/api-key";
import { ApiClientError, createApiKeyRequest } from "@/lib/client/api";
import { Button, ErrorBanner, Field, Input } from "@/components/ui/primitives";
import { KeyAccessField, scopesOfAccess, type KeyAccess } from "./key-access-field";

// Name a key, choose what it may do and create it; the parent shows the key that comes back, once.
export function CreateApiKeyForm({ onCreated }: { onCreated: (created: ApiKeyCreated) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [access, setAccess] = useState<KeyAccess>({ kind: "full", permissions: [] });
  const [error, setError] = useState<{ field?: string; scopes?: string; form?: string }>({});

  const mutation = useMutation({
    mutationFn: createApiKeyRequest,
    onSuccess: async (created) => {
      setName("");
      setAccess({ kind: "full", permissions: [] });
      onCreated(created);
      await queryClient.invalidateQueries({ queryKey: ["api-keys"] });
    },
    onError: (e) => {
      const param = e instanceof ApiClientError ? e.param : null;
      if (param === "name") setError({ field: e.message.replace("name: ", "") });
      else if (param === "scopes") setError({ scopes: e.message.replace("scopes: ", "") });
      else setError({ form: e.message });
    },
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const parsed = apiKeyCreateSchema.safeParse({ name, scopes: scopesOfAccess(access) });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      if (issue?.path[0] === "scopes") return setError({ scopes: access.kind === "custom" ? "Tick at least one permission" : issue.message });
      return setError({ field: issue?.message ?? "Invalid name" });
    }
    setError({});
    mutation.mutate({ name: parsed.data.name, scopes: parsed.data.scopes });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate>
      {error.form && <ErrorBanner message={error.form} />}
      <Field label="Key name" htmlFor="api-key-name" error={error.field} hint="Where the key will be used, e.g. “CRM integration”">
        <Input id="api-key-name" name="name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      </Field>
      <KeyAccessField value={access} onChange={setAccess} error={error.scopes} />
      <Button type="submit" disabled={mutation.isPending}>{mutation.isPending ? "Creating…" : "Create API key"}</Button>
    </form>
  );
}
