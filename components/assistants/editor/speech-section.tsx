"use client";
// speech_config: turn taking, silence re-prompts and goodbyes. Empty fields use the
// platform defaults named in the hints.
import { Card, Field, Textarea } from "@/components/ui/primitives";
import { fieldId, getAt } from "./draft";
import { NumberField, TextField, useEditor, useFieldError } from "./fields";

/** One message per line (silence re-prompts). */
function LinesField({ path, label, hint }: { path: string; label: string; hint?: string }) {
  const { draft, set } = useEditor();
  const value = getAt(draft, path);
  return (
    <Field label={label} htmlFor={fieldId(path)} error={useFieldError(path)} hint={hint}>
      <Textarea
        id={fieldId(path)}
        rows={3}
        defaultValue={Array.isArray(value) ? value.join("\n") : ""}
        onBlur={(e) => {
          const lines = e.target.value.split("\n").map((l) => l.trim()).filter(Boolean);
          set(path, lines.length ? lines : undefined);
        }}
      />
    </Field>
  );
}

export function SpeechSection() {
  const { draft } = useEditor();
  const silenceOn = getAt(draft, "autonomous_silence_handling") === true;
  return (
    <Card title="Conversation dynamics">
      <div className="space-y-6" data-testid="speech-config">
        <div className="grid gap-4 md:grid-cols-2">
          <TextField optional path="speech_config.end_call_message" label="Goodbye message" hint="Said before the assistant hangs up (end call, time limit). {{variables}} allowed." />
          <TextField optional path="speech_config.first_message_outbound" label="Outbound greeting" hint="Used instead of the first message on outbound calls." />
        </div>
        <fieldset className="space-y-3">
          <legend className="text-sm font-semibold text-slate-800">Turn taking</legend>
          <div className="grid gap-4 md:grid-cols-3">
            <NumberField path="speech_config.turn_taking.endpointing_min_delay" label="End of turn after (s)" hint="Least silence; default 0.5" step={0.1} min={0.1} max={5} />
            <NumberField path="speech_config.turn_taking.endpointing_max_delay" label="Longest wait (s)" hint="Default 3" step={0.1} min={0.1} max={5} />
            <NumberField path="speech_config.turn_taking.interruption_min_duration" label="Interrupt after speech of (s)" hint="Default 0.5" step={0.05} min={0.05} max={2} />
            <NumberField path="speech_config.turn_taking.interruption_min_words" label="Interrupt after words" hint="Default 0" min={0} max={10} />
            <NumberField path="speech_config.turn_taking.false_interruption_timeout" label="Resume after false interruption (s)" hint="Default 2" step={0.1} min={0.2} max={5} />
            <div className="self-end pb-2">
              <AllowInterruptions />
            </div>
          </div>
        </fieldset>
        {silenceOn && (
          <fieldset className="space-y-3">
            <legend className="text-sm font-semibold text-slate-800">Silence handling</legend>
            <div className="grid gap-4 md:grid-cols-3">
              <NumberField path="speech_config.silence.first_check_seconds" label="First re-prompt after (s)" hint="Default: the silence timeout, else 7" min={1} max={60} />
              <NumberField path="speech_config.silence.interval_seconds" label="Then every (s)" hint="Default 12" min={3} max={120} />
              <NumberField path="speech_config.silence.max_attempts" label="Re-prompts before hanging up" hint="Default 3" min={1} max={10} />
            </div>
            <LinesField path="speech_config.silence.messages" label="Re-prompts" hint='One per line, used in turn (default "Are you still there?").' />
            <TextField optional path="speech_config.silence.final_message" label="Final message" hint="Said before hanging up on a silent caller." />
          </fieldset>
        )}
      </div>
    </Card>
  );
}

// Unset means allowed; the checkbox shows and writes the explicit choice.
function AllowInterruptions() {
  const { draft, set } = useEditor();
  const path = "speech_config.turn_taking.allow_interruptions";
  const allowed = getAt(draft, path) !== false;
  return (
    <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
      <input id={fieldId(path)} type="checkbox" className="h-4 w-4 rounded border-slate-300" checked={allowed} onChange={(e) => set(path, e.target.checked ? undefined : false)} />
      Caller can interrupt
    </label>
  );
}

