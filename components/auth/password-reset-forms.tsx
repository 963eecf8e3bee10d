"use client";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { confirmPasswordResetRequest, requestPasswordResetRequest } from "@/lib/client/organizations";
import { passwordResetConfirmSchema, passwordResetRequestSchema } from "@/lib/schemas/team";
import { Button, Card, ErrorBanner, Field, Input } from "@/components/ui/primitives";

export function ForgotPasswordForm() {
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const parsed = passwordResetRequestSchema.safeParse({ email: new FormData(e.currentTarget).get("email") });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Enter a valid email address");
    setPending(true);
    setError(null);
    try {
      await requestPasswordResetRequest(parsed.data.email);
      setSent(true);
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not send the link");
    } finally {
      setPending(false);
    }
  }

  return (
    <Card title="Forgot password">
      {sent ? (
        <p role="status" className="text-sm text-slate-700">If an account uses this address, a link to choose a new password is on its way. It works once, for an hour.</p>
      ) : (
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          {error && <ErrorBanner message={error} />}
          <Field label="Email" htmlFor="email">
            <Input id="email" name="email" type="email" autoComplete="email" required />
          </Field>
          <Button type="submit" disabled={pending} className="w-full">{pending ? "Sending…" : "Email me a reset link"}</Button>
        </form>
      )}
      <p className="mt-4 text-center text-sm"><Link className="text-brand-600 hover:underline" href="/login">Back to log in</Link></p>
    </Card>
  );
}

export function ResetPasswordForm({ token }: { token: string }) {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    if (form.get("password") !== form.get("confirm")) return setError("The two passwords differ");
    const parsed = passwordResetConfirmSchema.safeParse({ token, password: form.get("password") });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Invalid password");
    setPending(true);
    setError(null);
    try {
      await confirmPasswordResetRequest(token, parsed.data.password);
      setDone(true);
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not change the password");
    } finally {
      setPending(false);
    }
  }

  return (
    <Card title="Choose a new password">
      {done ? (
        <p role="status" className="text-sm text-slate-700">
          Your password is changed. <Link className="text-brand-600 hover:underline" href="/login">Log in</Link>
        </p>
      ) : (
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          {error && <ErrorBanner message={error} />}
          <Field label="New password" htmlFor="password" hint="At least 10 characters, letters and digits">
            <Input id="password" name="password" type="password" autoComplete="new-password" required />
          </Field>
          <Field label="Repeat the new password" htmlFor="confirm">
            <Input id="confirm" name="confirm" type="password" autoComplete="new-password" required />
          </Field>
          <Button type="submit" disabled={pending} className="w-full">{pending ? "Saving…" : "Set new password"}</Button>
        </form>
      )}
    </Card>
  );
}
