"use client";
import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { signupSchema } from "@/lib/schemas/auth";
import { ApiClientError, fetchJson } from "@/lib/client/api";
import { Button, Card, ErrorBanner, Field, Input } from "@/components/ui/primitives";

type Errors = Partial<Record<"name" | "email" | "password" | "organization_name" | "form", string>>;

export function SignupForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>;
    const parsed = signupSchema.safeParse(form);
    if (!parsed.success) {
      const next: Errors = {};
      for (const issue of parsed.error.issues) next[issue.path[0] as keyof Errors] ??= issue.message;
      return setErrors(next);
    }
    setPending(true);
    setErrors({});
    try {
      await fetchJson("/api/signup", { method: "POST", body: JSON.stringify(parsed.data) });
      const res = await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirect: false });
      if (!res || res.error) throw new Error("Account created, but signing in failed; please log in.");
      router.push("/assistants");
      router.refresh();
    } catch (error) {
      const param = error instanceof ApiClientError ? error.param : null;
      const message = error instanceof Error ? error.message : "Sign-up failed";
      setErrors(param && ["name", "email", "password", "organization_name"].includes(param) ? { [param]: message } : { form: message });
    } finally {
      setPending(false);
    }
  }

  return (
    <Card title="Create your account">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        {errors.form && <ErrorBanner message={errors.form} />}
        <Field label="Your name" htmlFor="name" error={errors.name}>
          <Input id="name" name="name" autoComplete="name" />
        </Field>
        <Field label="Organisation" htmlFor="organization_name" error={errors.organization_name}>
          <Input id="organization_name" name="organization_name" autoComplete="organization" />
        </Field>
        <Field label="Email" htmlFor="email" error={errors.email}>
          <Input id="email" name="email" type="email" autoComplete="email" />
        </Field>
        <Field label="Password" htmlFor="password" error={errors.password} hint="At least 10 characters, letters and digits">
          <Input id="password" name="password" type="password" autoComplete="new-password" />
        </Field>
        <Button type="submit" disabled={pending} className="w-full">{pending ? "Creating account…" : "Sign up"}</Button>
        <p className="text-center text-sm text-slate-600">
          Already have an account? <Link className="text-brand-600 hover:underline" href="/login">Log in</Link>
        </p>
      </form>
    </Card>
  );
}
