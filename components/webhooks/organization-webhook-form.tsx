"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { ApiClientError } from "@/lib/client/api";
import { organizationWebhookQuery, updateOrganizationWebhookRequest, type OrganizationWebhookUpdate } from "@/lib/client/calls";
import { organizationWebhookUpdateSchema } from "@/lib/schemas/webhook";
import { Button, Card, ErrorBanner, Field, Input } from "@/components/ui/primitives";

// The organisation's webhook: URL and signing secret. The secret is write-only: once saved it
// shows masked and can be replaced or removed, never read back.

type Errors = Partial<Record<"webhook_url" | "webhook_secret" | "form", string>>;
type SecretMode = "keep" | "replace" | "remove";

const fieldOf = (param: string | null) => (param === "webhook_url" || param === "webhook_secret" ? param : undefined);

export function OrganizationWebhookForm({ canManage }: { canManage: boolean }) {
  const queryClient = useQueryClient();
  const { data, error, isPending } = useQuery(organizationWebhookQuery());
  const [url, setUrl] = useState("");
  const [secret, setSecret] = useState("");
  const [secretMode, setSecretMode] = useState<SecretMode>("keep");
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState(false);
  const hasSecret = Boolean(data?.webhook_secret);

  useEffect(() => {
    if (data) setUrl(data.webhook_url ?? "");
  }, [data]);

  const mutation = useMutation({
    mutationFn: updateOrganizationWebhookRequest,
    onSuccess: async () => {
      setSecret("");
      setSecretMode("keep");
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: ["organization"] });
    },
    onError: (e) => {
      const field = e instanceof ApiClientError ? fieldOf(e.param) : undefined;
      setErrors(field ? { [field]: e.message.replace(`${field}: `, "") } : { form: e.message });
    },
  });

  if (isPending) return <Card title="Organisation webhook"><p className="text-sm text-slate-500">Loading…</p></Card>;
  if (error) return <Card title="Organisation webhook"><ErrorBanner message={error.message} /></Card>;

  function submit(body: OrganizationWebhookUpdate) {
    setSaved(false);
    const parsed = organizationWebhookUpdateSchema.safeParse(body);
    if (!parsed.success) {
      const next: Errors = {};
      for (const issue of parsed.error.issues) {
        const field = fieldOf(String(issue.path[0] ?? "")) ?? "form";
        next[field] ??= issue.message;
      }
      return setErrors(next);
    }
    setErrors({});
    mutation.mutate(parsed.data);
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const writesSecret = !hasSecret || secretMode === "replace";
    const nextUrl = url.trim() || null;
    // The server drops the secret along with the URL, so a secret alone would vanish.
    if (!nextUrl && writesSecret && secret) return setErrors({ webhook_url: "Enter the URL the signed events go to" });
    submit({
      ...(nextUrl !== (data?.webhook_url ?? null) ? { webhook_url: nextUrl } : {}),
      ...(secretMode === "remove" ? { webhook_secret: null } : writesSecret && secret ? { webhook_secret: secret } : {}),
    });
  }

  const disabled = !canManage || mutation.isPending;
  return (
    <Card title="Organisation webhook">
      <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="org-webhook-form">
        {errors.form && <ErrorBanner message={errors.form} />}
        {saved && <p role="status" className="text-sm text-green-700" data-testid="org-webhook-saved">Webhook settings saved.</p>}
        <Field
          label="Webhook URL"
          htmlFor="webhook_url"
          error={errors.webhook_url}
          hint="Receives status-update, end-of-call-report, assistant-request and tool-calls events for assistants without their own webhook URL. Leave empty for none."
        >
          <Input id="webhook_url" type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.com/switchboard/webhook" disabled={disabled} autoComplete="off" spellCheck={false} />
        </Field>
        {hasSecret && secretMode !== "replace" ? (
          <div>
            <p className="block text-sm font-medium text-slate-700">Signing secret</p>
            <div className="mt-1 flex flex-wrap items-center gap-3">
              <code className={`rounded bg-slate-100 px-2 py-1 text-sm ${secretMode === "remove" ? "text-slate-400 line-through" : "text-slate-800"}`} data-testid="org-webhook-secret">
                {data.webhook_secret}
              </code>
              {canManage && secretMode === "keep" && (
                <>
                  <Button type="button" variant="secondary" className="px-3 py-1" onClick={() => setSecretMode("replace")}>Replace</Button>
                  <Button type="button" variant="secondary" className="px-3 py-1" onClick={() => setSecretMode("remove")}>Remove</Button>
                </>
              )}
              {secretMode === "remove" && (
                <>
                  <span className="text-xs text-amber-700">Removed when you save: deliveries will no longer be signed.</span>
                  <Button type="button" variant="secondary" className="px-3 py-1" onClick={() => setSecretMode("keep")}>Keep it</Button>
                </>
              )}
            </div>
            {errors.webhook_secret && <p role="alert" className="mt-1 text-xs text-red-600" data-field-error="webhook_secret">{errors.webhook_secret}</p>}
          </div>
        ) : (
          <Field
            label={hasSecret ? "New signing secret" : "Signing secret (optional)"}
            htmlFor="webhook_secret"
            error={errors.webhook_secret}
            hint="At least 8 characters. Each delivery carries X-Webhook-Signature: sha256=HMAC(secret, timestamp.body). Stored encrypted; never shown again."
          >
            <div className="flex gap-2">
              <Input id="webhook_secret" type="password" value={secret} onChange={(e) => setSecret(e.target.value)} disabled={disabled} autoComplete="new-password" spellCheck={false} />
              {hasSecret && (
                <Button type="button" variant="secondary" className="mt-1" onClick={() => { setSecret(""); setSecretMode("keep"); }}>Cancel</Button>
              )}
            </div>
          </Field>
        )}
        {canManage ? (
          <div className="flex flex-wrap gap-3">
            <Button type="submit" disabled={disabled}>{mutation.isPending ? "Saving…" : "Save webhook"}</Button>
            {(data.webhook_url || hasSecret) && (
              <Button type="button" variant="secondary" disabled={disabled} onClick={() => submit({ webhook_url: null, webhook_secret: null })}>
                Remove webhook
              </Button>
            )}
          </div>
        ) : (
          <p className="text-sm text-slate-600">Only owners and admins can change the organisation webhook.</p>
        )}
      </form>
    </Card>
  );
}
