"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { startOutboundCallRequest } from "@/lib/client/calls";
import { errorsOfIssues, errorsOfRequest } from "@/lib/client/form-errors";
import { phoneNumberQueries, sipTrunkQueries } from "@/lib/client/telephony";
import { outboundCallCreateSchema } from "@/lib/schemas/call";
import { Button, Card, ErrorBanner, Field, Input, Select } from "@/components/ui/primitives";

type Errors = Partial<Record<"destination" | "number_id" | "form", string>>;

function place(errors: Errors, param: string | null, message: string) {
  const key = param === "destination" || param === "number_id" ? param : "form";
  errors[key] ??= message;
}

/** "Call me": the assistant calls a phone number through POST /calls/outbound. */
export function DialOutPanel({ assistantId }: { assistantId: string }) {
  const queryClient = useQueryClient();
  const numbers = useQuery(phoneNumberQueries.list());
  const trunks = useQuery(sipTrunkQueries.list());
  const [destination, setDestination] = useState("");
  const [numberId, setNumberId] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [started, setStarted] = useState<{ callId: string; destination: string } | null>(null);

  // Numbers that can be the caller ID: active, on an active trunk with an outbound address.
  const dialingTrunks = new Set(trunks.data?.trunks.filter((t) => t.is_active && t.outbound_address).map((t) => t.id));
  const callerIds = numbers.data?.numbers.filter((n) => n.is_active && n.transfer_trunk_id && dialingTrunks.has(n.transfer_trunk_id)) ?? [];
  const loading = numbers.isPending || trunks.isPending;

  const mutation = useMutation({
    mutationFn: startOutboundCallRequest,
    onSuccess: async (result, body) => {
      setStarted({ callId: result.call_id, destination: body.destination });
      await queryClient.invalidateQueries({ queryKey: ["calls"] });
    },
    onError: (error) => setErrors(errorsOfRequest<Errors>(error, place)),
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const body = { destination, assistant_id: assistantId, ...(numberId ? { number_id: numberId } : {}) };
    const parsed = outboundCallCreateSchema.safeParse(body);
    if (!parsed.success) return setErrors(errorsOfIssues<Errors>(parsed.error.issues, place));
    setErrors({});
    setStarted(null);
    mutation.mutate(body);
  }

  return (
    <Card title="Call a phone">
      {loading ? (
        <p className="text-sm text-slate-500">Loading numbers…</p>
      ) : numbers.error || trunks.error ? (
        <ErrorBanner message={(numbers.error ?? trunks.error)!.message} />
      ) : callerIds.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="dial-out-unavailable">
          To place calls, register a phone number on a SIP trunk with an outbound address (
          <Link className="text-brand-700 hover:underline" href="/phone-numbers">phone numbers</Link>,{" "}
          <Link className="text-brand-700 hover:underline" href="/sip-trunks">SIP trunks</Link>).
        </p>
      ) : (
        <form onSubmit={onSubmit} className="space-y-3" noValidate aria-label="Call a phone">
          {errors.form && <ErrorBanner message={errors.form} />}
          <Field label="Number to call" htmlFor="dial-out-destination" error={errors.destination} hint="International format, e.g. +31612345678">
            <Input
              id="dial-out-destination"
              value={destination}
              inputMode="tel"
              autoComplete="tel"
              onChange={(e) => {
                setDestination(e.target.value);
                setErrors(({ destination: _, form: __, ...rest }) => rest);
              }}
            />
          </Field>
          <Field label="Call from" htmlFor="dial-out-number" error={errors.number_id} hint="The caller ID the phone shows">
            <Select
              id="dial-out-number"
              value={numberId}
              onChange={(e) => {
                setNumberId(e.target.value);
                setErrors(({ number_id: _, form: __, ...rest }) => rest);
              }}
            >
              <option value="">Automatic ({callerIds[0]!.phone_number})</option>
              {callerIds.map((n) => (
                <option key={n.id} value={n.id}>{n.name ? `${n.phone_number} — ${n.name}` : n.phone_number}</option>
              ))}
            </Select>
          </Field>
          <Button type="submit" disabled={mutation.isPending}>{mutation.isPending ? "Dialling…" : "Call this number"}</Button>
          {started && (
            <p className="text-sm text-slate-700" role="status" data-testid="dial-out-started">
              Calling {started.destination}…{" "}
              <Link className="text-brand-700 hover:underline" href={`/calls/${started.callId}`}>Follow the call</Link>
            </p>
          )}
        </form>
      )}
    </Card>
  );
}
