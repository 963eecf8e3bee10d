"use client";
import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { loginSchema } from "@/lib/schemas/auth";
import { Button, Card, ErrorBanner, Field, Input } from "@/components/ui/primitives";

export function LoginForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const parsed = loginSchema.safeParse({ email: form.get("email"), password: form.get("password") });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Invalid input");
    setPending(true);
    setError(null);
    const res = await signIn("credentials", { ...parsed.data, redirect: false });
    setPending(false);
    if (!res || res.error) return setError("Invalid email or password");
    router.push("/assistants");
    router.refresh();
  }

  return (
    <Card title="Log in">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        {error && <ErrorBanner message={error} />}
        <Field label="Email" htmlFor="email">
          <Input id="email" name="email" type="email" autoComplete="email" required />
        </Field>
        <Field label="Password" htmlFor="password">
          <Input id="password" name="password" type="password" autoComplete="current-password" required />
        </Field>
        <Button type="submit" disabled={pending} className="w-full">{pending ? "Logging in…" : "Log in"}</Button>
        <p className="text-center text-sm">
          <Link className="text-brand-600 hover:underline" href="/forgot-password">Forgot password?</Link>
        </p>
        <p className="text-center text-sm text-slate-600">
          No account? <Link className="text-brand-600 hover:underline" href="/signup">Sign up</Link>
        </p>
      </form>
    </Card>
  );
}
