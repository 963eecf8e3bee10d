"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState, type ChangeEvent, type FormEvent } from "react";
import { ApiClientError } from "@/lib/client/api";
import {
  brandingQuery,
  deleteBrandAssetRequest,
  updateBrandingRequest,
  uploadBrandAssetRequest,
} from "@/lib/client/branding";
import { checkColor, colorWarnings, HEX_COLOR } from "@/lib/branding/colors";
import { BRAND_ASSET_TYPES, CLIENT_SIGNUP_MODES } from "@/lib/schemas/branding";
import { Badge, Button, Card, ErrorBanner, Field, Input, Select } from "@/components/ui/primitives";

// A partner's brand: name, colours (with their WCAG contrast, checked as you type), logo and
// favicon, support address, email sender name and who may sign up on its portal.

type Fields = "product_name" | "primary_color" | "accent_color" | "support_email" | "email_sender_name" | "client_signup" | "logo" | "favicon" | "form";
type Errors = Partial<Record<Fields, string>>;

const SIGNUP_LABELS: Record<(typeof CLIENT_SIGNUP_MODES)[number], string> = {
  open: "Open: anyone can sign up as a client",
  approval: "Approval: new clients wait until you approve them",
  closed: "Closed: no sign-up on the portal",
};

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error ?? new Error("Could not read the file"));
    reader.readAsDataURL(file);
  });
}

const errorOf = (e: unknown, fallback: Fields): Errors => {
  const param = e instanceof ApiClientError ? e.param : null;
  const message = e instanceof Error ? e.message : "Request failed";
  const field = (["product_name", "primary_color", "accent_color", "support_email", "email_sender_name", "client_signup"] as const).find((f) => f === param);
  return field ? { [field]: message.replace(`${field}: `, "") } : { [fallback]: message };
};

export function BrandingSettings({ canManage }: { canManage: boolean }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const { data, error, isPending } = useQuery(brandingQuery());
  const [form, setForm] = useState({ product_name: "", primary_color: "", accent_color: "", support_email: "", email_sender_name: "", client_signup: "open" });
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (data) {
      setForm({
        product_name: data.product_name,
        primary_color: data.primary_color,
        accent_color: data.accent_color,
        support_email: data.support_email ?? "",
        email_sender_name: data.email_sender_name,
        client_signup: data.client_signup,
      });
    }
  }, [data]);

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ["branding"] });
    // The layout (name, colours, favicon) is rendered on the server.
    router.refresh();
  };

  const save = useMutation({
    mutationFn: updateBrandingRequest,
    onSuccess: async () => {
      setSaved(true);
      await refresh();
    },
    onError: (e) => setErrors(errorOf(e, "form")),
  });

  const upload = useMutation({
    mutationFn: async ({ asset, file }: { asset: "logo" | "favicon"; file: File }) => {
      const type = BRAND_ASSET_TYPES.find((t) => t === file.type);
      if (!type) throw new Error("Choose a PNG, SVG or JPEG file");
      return uploadBrandAssetRequest(asset, { content_type: type, data: await readBase64(file) });
    },
    onSuccess: refresh,
    onError: (e, { asset }) => setErrors({ [asset]: e instanceof Error ? e.message : "Upload failed" }),
  });

  const remove = useMutation({ mutationFn: deleteBrandAssetRequest, onSuccess: refresh });

  if (isPending) return <Card title="Brand"><p className="text-sm text-slate-500">Loading…</p></Card>;
  if (error) return <Card title="Brand"><ErrorBanner message={error.message} /></Card>;

  const set = (field: keyof typeof form) => (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
    setSaved(false);
    setForm({ ...form, [field]: e.target.value });
  };
  const checks = (["primary_color", "accent_color"] as const).filter((f) => HEX_COLOR.test(form[f])).map((f) => checkColor(f, form[f]));
  const warnings = colorWarnings(checks);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    setSaved(false);
    const local: Errors = {};
    for (const f of ["primary_color", "accent_color"] as const) if (!HEX_COLOR.test(form[f])) local[f] = "Use a #rrggbb hex colour";
    if (!form.product_name.trim()) local.product_name = "Enter the product name";
    if (Object.keys(local).length) return setErrors(local);
    save.mutate({
      product_name: form.product_name.trim(),
      primary_color: form.primary_color,
      accent_color: form.accent_color,
      support_email: form.support_email.trim() || null,
      email_sender_name: form.email_sender_name.trim() || null,
      client_signup: form.client_signup as (typeof CLIENT_SIGNUP_MODES)[number],
    });
  }

  const disabled = !canManage || save.isPending;
  return (
    <div className="space-y-6">
      <Card title="Brand">
        <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="branding-form">
          {errors.form && <ErrorBanner message={errors.form} />}
          {saved && <p role="status" className="text-sm text-green-700" data-testid="branding-saved">Brand saved.</p>}
          <Field label="Product name" htmlFor="product_name" error={errors.product_name} hint="Shown on every page, the browser tab and emails of your portal and your clients'">
            <Input id="product_name" value={form.product_name} onChange={set("product_name")} disabled={disabled} maxLength={60} />
          </Field>
          <div className="grid grid-cols-2 gap-4">
            {(["primary_color", "accent_color"] as const).map((f) => (
              <Field key={f} label={f === "primary_color" ? "Primary colour" : "Accent colour"} htmlFor={f} error={errors[f]}>
                <div className="flex items-center gap-2">
                  <input
                    type="color"
                    aria-label={`${f === "primary_color" ? "Primary" : "Accent"} colour picker`}
                    value={HEX_COLOR.test(form[f]) ? form[f] : "#000000"}
                    onChange={set(f)}
                    disabled={disabled}
                    className="mt-1 h-9 w-12 rounded border border-slate-300"
                  />
                  <Input id={f} value={form[f]} onChange={set(f)} disabled={disabled} placeholder="#1f5ad6" />
                </div>
                {checks.find((c) => c.field === f) && (
                  <p className="mt-1 text-xs text-slate-500" data-testid={`${f}-contrast`}>
                    Contrast: {checks.find((c) => c.field === f)!.contrast_with_text}:1 with white text, {checks.find((c) => c.field === f)!.contrast_with_background}:1 on the page
                  </p>
                )}
              </Field>
            ))}
          </div>
          {warnings.length > 0 && (
            <div role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="contrast-warnings">
              <p className="font-medium">Hard to read (below WCAG AA):</p>
              <ul className="mt-1 list-disc pl-5">{warnings.map((w) => <li key={w.message}>{w.message}</li>)}</ul>
            </div>
          )}
          <Field label="Support email" htmlFor="support_email" error={errors.support_email}>
            <Input id="support_email" type="email" value={form.support_email} onChange={set("support_email")} disabled={disabled} />
          </Field>
          <Field label="Email sender name" htmlFor="email_sender_name" error={errors.email_sender_name} hint="The name emails are sent under; empty: the product name">
            <Input id="email_sender_name" value={form.email_sender_name} onChange={set("email_sender_name")} disabled={disabled} maxLength={60} />
          </Field>
          <Field label="Client sign-up on your portal" htmlFor="client_signup" error={errors.client_signup}>
            <Select id="client_signup" value={form.client_signup} onChange={set("client_signup")} disabled={disabled}>
              {CLIENT_SIGNUP_MODES.map((m) => <option key={m} value={m}>{SIGNUP_LABELS[m]}</option>)}
            </Select>
          </Field>
          {canManage && <Button type="submit" disabled={disabled}>{save.isPending ? "Saving…" : "Save brand"}</Button>}
        </form>
      </Card>

      <Card title="Logo and favicon">
        <div className="grid grid-cols-2 gap-6">
          {(["logo", "favicon"] as const).map((asset) => {
            const current = asset === "logo" ? data.logo_url : data.favicon_url;
            return (
              <div key={asset} className="space-y-2">
                <p className="text-sm font-medium text-slate-700">{asset === "logo" ? "Logo" : "Favicon"}</p>
                <div className="flex h-20 items-center justify-center rounded border border-dashed border-slate-300 bg-slate-50">
                  {current ? <img src={current} alt={`Current ${asset}`} className="max-h-16 max-w-full" data-testid={`${asset}-preview`} /> : <span className="text-xs text-slate-500">None: the product name is shown</span>}
                </div>
                {canManage && (
                  <>
                    <input
                      type="file"
                      accept={BRAND_ASSET_TYPES.join(",")}
                      aria-label={`Upload ${asset}`}
                      disabled={upload.isPending}
                      onChange={(e) => {
                        const file = e.target.files?.[0];
                        setErrors({});
                        if (file) upload.mutate({ asset, file });
                        e.target.value = "";
                      }}
                      className="block w-full text-xs"
                    />
                    {asset === "logo" && current && (
                      <Button type="button" variant="secondary" onClick={() => remove.mutate(asset)}>Remove logo</Button>
                    )}
                  </>
                )}
                {errors[asset] && <p role="alert" className="text-xs text-red-600">{errors[asset]}</p>}
              </div>
            );
          })}
        </div>
        <p className="mt-3 text-xs text-slate-500">PNG, SVG or JPEG. SVG files are cleaned of scripts and external references.</p>
      </Card>

      <Card title="Portal address">
        <p className="text-sm text-slate-700">
          Your portal: <span className="font-mono" data-testid="portal-url">{data.portal_url}</span>
          {data.default_portal_url && data.default_portal_url !== data.portal_url && (
            <> (also at <span className="font-mono">{data.default_portal_url}</span>)</>
          )}
        </p>
        {data.default_portal_url && <p className="mt-1 text-xs text-slate-500"><Badge tone="green">ready</Badge> The default address works without any DNS set-up.</p>}
      </Card>
    </div>
  );
}
