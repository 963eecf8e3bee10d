"use client";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { acceptInvitationRequest } from "@/lib/client/organizations";
import { Button, Card, ErrorBanner, Field, Input } from "@/components/ui/primitives";

// From the invitation email: a new person names themself and chooses a password; someone
// with an account confirms with theirs. Then they are signed in and land in the organisation.
export function AcceptInvitationForm({ token, email, organizationName, roleLabel, hasAccount }: { token: string; email: string; organizationName: string; roleLabel: string; hasAccount: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const password = String(form.get("password") ?? "");
    const name = hasAccount ? undefined : String(form.get("name") ?? "").trim();
    if (!hasAccount && !name) return setError("Your name is required");
    if (!password) return setError("Password is required");
    setPending(true);
    setError(null);
    try {
      const accepted = await acceptInvitationRequest({ token, password, ...(name ? { name } : {}) });
      const res = await signIn("credentials", { email, password, redirect: false });
      if (!res || res.error) throw new Error("You joined, but signing in failed; log in with your password");
      // The new organisation becomes the session's (the membership exists now).
      const { switchOrganizationRequest } = await import("@/lib/client/session");
      await switchOrganizationRequest(accepted.organization_id).catch(() => undefined);
      window.location.assign("/assistants");
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not accept the invitation");
      setPending(false);
    }
  }

  return (
    <Card title={`Join ${organizationName}`}>
      <p className="mb-4 text-sm text-slate-700">You are invited as {roleLabel} with <strong>{email}</strong>.</p>
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        {error && <ErrorBanner message={error} />}
        {!hasAccount && (
          <Field label="Your name" htmlFor="name">
            <Input id="name" name="name" autoComplete="name" required />
          </Field>
        )}
        <Field label={hasAccount ? "Your password" : "Choose a password"} htmlFor="password" hint={hasAccount ? "The password of your existing account" : "At least 10 characters, letters and digits"}>
          <Input id="password" name="password" type="password" autoComplete={hasAccount ? "current-password" : "new-password"} required />
        </Field>
        <Button type="submit" disabled={pending} className="w-full">{pending ? "Joining…" : "Accept invitation"}</Button>
      </form>
    </Card>
  );
}
