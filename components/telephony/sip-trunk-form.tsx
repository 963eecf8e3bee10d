"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { errorsOfIssues, errorsOfRequest } from "@/lib/client/form-errors";
import { saveSipTrunkRequest } from "@/lib/client/telephony";
import { SIP_TRANSPORTS, sipTrunkCreateSchema, sipTrunkUpdateSchema, type SipTrunk } from "@/lib/schemas/sip-trunk";
import { Button, ErrorBanner, Field, Input, Select, Textarea } from "@/components/ui/primitives";

type FieldName = "name" | "provider" | "outbound_address" | "transport" | "inbound_addresses" | "outbound_number" | "auth_username" | "auth_password";
type Errors = Partial<Record<FieldName | "form", string>>;

// The API's params (every spelling) -> this form's fields.
const FIELD_OF: Record<string, FieldName> = {
  name: "name", provider: "provider", address: "outbound_address", outbound_address: "outbound_address", host: "outbound_address", port: "outbound_address",
  transport: "transport", inbound_addresses: "inbound_addresses", outbound_number: "outbound_number",
  auth_username: "auth_username", username: "auth_username", auth_password: "auth_password", password: "auth_password",
};
function place(errors: Errors, param: string | null, message: string) {
  const key = (param && FIELD_OF[param.split(".")[0]!]) || "form";
  errors[key] ??= message;
}

const lines = (text: string) => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);

/** Create a trunk (none given) or change one; an empty password field keeps the stored one. */
export function SipTrunkForm({ trunk, onDone }: { trunk?: SipTrunk; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState({
    name: trunk?.name ?? "",
    provider: trunk?.provider ?? "",
    outbound_address: trunk?.outbound_address ?? "",
    transport: trunk?.transport ?? "udp",
    inbound_addresses: (trunk?.inbound_addresses ?? []).join("\n"),
    outbound_number: trunk?.outbound_number ?? "",
    auth_username: trunk?.auth_username ?? "",
    auth_password: "",
  });
  const [isActive, setIsActive] = useState(trunk?.is_active ?? true);
  const [errors, setErrors] = useState<Errors>({});
  const set = (field: FieldName, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors(({ [field]: _, form: __, ...rest }) => rest);
  };

  const payload = () => {
    const orNull = (value: string) => (value.trim() ? value.trim() : null);
    return {
      name: values.name,
      provider: orNull(values.provider),
      // Creating: an empty address is left out; editing: it removes the stored one.
      outbound_address: orNull(values.outbound_address) ?? (trunk ? null : undefined),
      transport: values.transport,
      inbound_addresses: lines(values.inbound_addresses),
      outbound_number: orNull(values.outbound_number),
      auth_username: orNull(values.auth_username),
      ...(values.auth_password ? { auth_password: values.auth_password } : {}),
      is_active: isActive,
    };
  };

  const mutation = useMutation({
    mutationFn: (body: ReturnType<typeof payload>) => saveSipTrunkRequest(trunk?.id ?? null, body),
    onSuccess: async () => {
      await Promise.all([queryClient.invalidateQueries({ queryKey: ["sip-trunks"] }), queryClient.invalidateQueries({ queryKey: ["numbers"] })]);
      onDone();
    },
    onError: (error) => setErrors(errorsOfRequest<Errors>(error, place)),
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const body = payload();
    const parsed = (trunk ? sipTrunkUpdateSchema : sipTrunkCreateSchema).safeParse(body);
    if (!parsed.success) return setErrors(errorsOfIssues<Errors>(parsed.error.issues, place));
    setErrors({});
    mutation.mutate(body);
  }

  const text = (field: FieldName, label: string, props: { hint?: string; type?: string; placeholder?: string; autoComplete?: string } = {}) => (
    <Field label={label} htmlFor={`trunk-${field}`} error={errors[field]} hint={props.hint}>
      <Input id={`trunk-${field}`} type={props.type ?? "text"} value={values[field]} placeholder={props.placeholder} autoComplete={props.autoComplete ?? "off"} onChange={(e) => set(field, e.target.value)} />
    </Field>
  );

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Trunk settings">
      {errors.form && <ErrorBanner message={errors.form} />}
      <div className="grid gap-4 md:grid-cols-2">
        {text("name", "Trunk name")}
        {text("provider", "Provider (optional)", { placeholder: "e.g. Twilio" })}
        {text("outbound_address", "Outbound address", { hint: "Your provider's SIP server for transfers and outbound calls: host or host:port", placeholder: "sip.provider.example:5060" })}
        <Field label="Transport" htmlFor="trunk-transport" error={errors.transport}>
          <Select id="trunk-transport" value={values.transport} onChange={(e) => set("transport", e.target.value)}>
            {SIP_TRANSPORTS.map((t) => <option key={t} value={t}>{t.toUpperCase()}</option>)}
          </Select>
        </Field>
        <Field label="Inbound addresses" htmlFor="trunk-inbound_addresses" error={errors.inbound_addresses} hint="IPv4 addresses or CIDRs your provider calls from, one per line; empty: any">
          <Textarea id="trunk-inbound_addresses" rows={2} value={values.inbound_addresses} onChange={(e) => set("inbound_addresses", e.target.value)} />
        </Field>
        {text("outbound_number", "Outbound caller ID (optional)", { hint: "E.164, e.g. +31201234567", placeholder: "+31201234567" })}
        {text("auth_username", "Username (optional)")}
        {text("auth_password", "Password", {
          type: "password",
          autoComplete: "new-password",
          hint: trunk?.has_password ? "A password is stored; leave empty to keep it" : "Stored encrypted; never shown again",
        })}
      </div>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" checked={isActive} onChange={(e) => setIsActive(e.target.checked)} /> Active
      </label>
      <div className="flex gap-2">
        <Button type="submit" disabled={mutation.isPending}>{mutation.isPending ? "Saving…" : trunk ? "Save trunk" : "Create trunk"}</Button>
        <Button type="button" variant="secondary" onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
