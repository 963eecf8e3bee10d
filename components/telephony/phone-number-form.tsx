"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { assistantQueries } from "@/lib/client/api";
import { errorsOfIssues, errorsOfRequest } from "@/lib/client/form-errors";
import { createPhoneNumberRequest, sipTrunkQueries, updatePhoneNumberRequest } from "@/lib/client/telephony";
import { phoneNumberCreateSchema, type PhoneNumber } from "@/lib/schemas/phone-number";
import { Button, ErrorBanner, Field, Input, Select } from "@/components/ui/primitives";

type Errors = Partial<Record<"phone_number" | "name" | "assistant_id" | "transfer_trunk_id" | "form", string>>;

// The API's params -> this form's fields (agent_id is assistant_id's older name).
function place(errors: Errors, param: string | null, message: string) {
  const key = param === "agent_id" ? "assistant_id" : param && ["phone_number", "name", "assistant_id", "transfer_trunk_id"].includes(param) ? (param as keyof Errors) : "form";
  errors[key] ??= message;
}

/** Register a number (none given) or change one; calls onDone after saving. */
export function PhoneNumberForm({ number, onDone }: { number?: PhoneNumber; onDone: () => void }) {
  const queryClient = useQueryClient();
  // The choices are read afresh when the form opens: assistants and trunks change on other pages and through the API.
  const assistants = useQuery({ ...assistantQueries.list(), refetchOnMount: "always" });
  const trunks = useQuery({ ...sipTrunkQueries.list(), refetchOnMount: "always" });
  const [phoneNumber, setPhoneNumber] = useState(number?.phone_number ?? "");
  const [name, setName] = useState(number?.name ?? "");
  const [assistantId, setAssistantId] = useState(number?.assistant_id ?? "");
  const [trunkId, setTrunkId] = useState(number?.transfer_trunk_id ?? "");
  const [errors, setErrors] = useState<Errors>({});
  const edited = (key: keyof Errors) => setErrors(({ [key]: _, form: __, ...rest }) => rest);

  const payload = () => ({ phone_number: phoneNumber, name: name.trim() ? name : null, assistant_id: assistantId || null, transfer_trunk_id: trunkId || null });
  const mutation = useMutation({
    mutationFn: (body: ReturnType<typeof payload>) => (number ? updatePhoneNumberRequest(number.id, body) : createPhoneNumberRequest(body)),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["numbers"] });
      onDone();
    },
    onError: (error) => setErrors(errorsOfRequest<Errors>(error, place)),
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const body = payload();
    const parsed = phoneNumberCreateSchema.safeParse(body);
    if (!parsed.success) return setErrors(errorsOfIssues<Errors>(parsed.error.issues, place));
    setErrors({});
    mutation.mutate(body);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Number settings">
      {errors.form && <ErrorBanner message={errors.form} />}
      <div className="grid gap-4 md:grid-cols-2">
        <Field label="Phone number" htmlFor="number-phone" error={errors.phone_number} hint="International format with country code, e.g. +31201234567">
          <Input id="number-phone" value={phoneNumber} inputMode="tel" autoComplete="off" onChange={(e) => { setPhoneNumber(e.target.value); edited("phone_number"); }} />
        </Field>
        <Field label="Name (optional)" htmlFor="number-name" error={errors.name}>
          <Input id="number-name" value={name} maxLength={200} onChange={(e) => { setName(e.target.value); edited("name"); }} />
        </Field>
        <Field label="Assistant" htmlFor="number-assistant" error={errors.assistant_id} hint="Answers the calls to this number">
          <Select id="number-assistant" value={assistantId} onChange={(e) => { setAssistantId(e.target.value); edited("assistant_id"); }}>
            <option value="">None (the assistant-request webhook decides)</option>
            {assistants.data?.assistants.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </Select>
        </Field>
        <Field label="SIP trunk" htmlFor="number-trunk" error={errors.transfer_trunk_id} hint="Your SIP provider: where transfers and outbound calls go, and who may call in">
          <Select id="number-trunk" value={trunkId} onChange={(e) => { setTrunkId(e.target.value); edited("transfer_trunk_id"); }}>
            <option value="">None (calls accepted from any address)</option>
            {trunks.data?.trunks.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
          </Select>
        </Field>
      </div>
      <div className="flex gap-2">
        <Button type="submit" disabled={mutation.isPending}>{mutation.isPending ? "Saving…" : number ? "Save number" : "Register number"}</Button>
        <Button type="button" variant="secondary" onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
