"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { sendCallControlRequest, type CallControlInput } from "@/lib/client/calls";
import { Button, Input, Textarea } from "@/components/ui/primitives";

// Live call control from the test-call panel (POST /api/v1/calls/{id}/control): make the
// agent say something verbatim, add context to its conversation, or end the call.

type Outcome = { ok: boolean; text: string };

function describe(command: CallControlInput["type"], status: string): string {
  const what = { say: "Say", "inject-context": "Context", "end-call": "End call" }[command];
  return status === "acknowledged" ? `${what}: done by the agent.` : status === "failed" ? `${what}: the agent could not carry it out.` : `${what}: sent to the agent.`;
}

export function LiveCallControls({ callId, disabled = false }: { callId: string; disabled?: boolean }) {
  const [say, setSay] = useState("");
  const [interrupt, setInterrupt] = useState(true);
  const [context, setContext] = useState("");
  const [respond, setRespond] = useState(false);
  const [outcome, setOutcome] = useState<Record<string, Outcome | undefined>>({});

  const mutation = useMutation({
    mutationFn: (body: CallControlInput) => sendCallControlRequest(callId, body),
    onMutate: (body) => setOutcome((o) => ({ ...o, [body.type]: undefined })),
    onSuccess: (res, body) => {
      setOutcome((o) => ({ ...o, [body.type]: { ok: res.command.status !== "failed", text: describe(body.type, res.command.status) } }));
      if (body.type === "say") setSay("");
      if (body.type === "inject-context") setContext("");
    },
    onError: (e, body) => setOutcome((o) => ({ ...o, [body.type]: { ok: false, text: e.message } })),
  });
  const busy = disabled || mutation.isPending;
  const note = (type: CallControlInput["type"]) => {
    const o = outcome[type];
    return o ? <p role={o.ok ? "status" : "alert"} data-testid={`control-${type}-result`} className={`mt-1 text-xs ${o.ok ? "text-green-700" : "text-red-700"}`}>{o.text}</p> : null;
  };

  const onSay = (e: FormEvent) => {
    e.preventDefault();
    if (say.trim()) mutation.mutate({ type: "say", content: say.trim(), interrupt });
  };
  const onInject = (e: FormEvent) => {
    e.preventDefault();
    if (context.trim()) mutation.mutate({ type: "inject-context", content: context.trim(), trigger_response: respond });
  };

  return (
    <section aria-label="Call controls" className="space-y-3 rounded-md border border-slate-200 p-3" data-testid="live-call-controls">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Control the call</h3>
      <form onSubmit={onSay}>
        <label htmlFor="control-say" className="block text-sm font-medium text-slate-700">Say…</label>
        <div className="flex gap-2">
          <Input id="control-say" value={say} onChange={(e) => setSay(e.target.value)} placeholder="Text the agent speaks word for word" maxLength={2000} />
          <Button type="submit" variant="secondary" className="mt-1" disabled={busy || !say.trim()}>Say</Button>
        </div>
        <label className="mt-1 inline-flex items-center gap-2 text-xs text-slate-600">
          <input type="checkbox" checked={interrupt} onChange={(e) => setInterrupt(e.target.checked)} /> Interrupt what it is saying
        </label>
        {note("say")}
      </form>
      <form onSubmit={onInject}>
        <label htmlFor="control-context" className="block text-sm font-medium text-slate-700">Inject context</label>
        <Textarea id="control-context" rows={2} value={context} onChange={(e) => setContext(e.target.value)} placeholder="e.g. The caller is a premium customer." maxLength={10_000} />
        <div className="mt-1 flex items-center justify-between gap-2">
          <label className="inline-flex items-center gap-2 text-xs text-slate-600">
            <input type="checkbox" checked={respond} onChange={(e) => setRespond(e.target.checked)} /> Respond right away
          </label>
          <Button type="submit" variant="secondary" disabled={busy || !context.trim()}>Add context</Button>
        </div>
        {note("inject-context")}
      </form>
      <div>
        <Button variant="danger" disabled={busy} onClick={() => mutation.mutate({ type: "end-call" })}>End call</Button>
        <span className="ml-2 text-xs text-slate-500">Ends the call for both sides.</span>
        {note("end-call")}
      </div>
    </section>
  );
}
