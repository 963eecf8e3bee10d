"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button, Field, Textarea } from "@/components/ui/primitives";
import { generateAssistantDraftRequest } from "@/lib/client/api";
import type { AssistantDraftRequest } from "@/lib/schemas/generation";
import { getAt, withSystemPrompt } from "./draft";
import { useEditor } from "./fields";

// "Draft with AI": a short business description becomes a system prompt and a first message,
// written by the organisation's language model, for the user to review before saving.
export function GenerateDraftPanel() {
  const { draft, set } = useEditor();
  const [open, setOpen] = useState(false);
  const [description, setDescription] = useState("");
  const mutation = useMutation({
    mutationFn: () =>
      generateAssistantDraftRequest({
        description,
        business_name: (getAt(draft, "business_name") as string | null) || undefined,
        language: (getAt(draft, "stt_config.language") === "multi" ? "en" : getAt(draft, "stt_config.language")) as AssistantDraftRequest["language"],
      }),
    onSuccess: (generated) => {
      set("first_message", generated.first_message);
      set("llm_config", withSystemPrompt(draft, generated.system_prompt).llm_config);
      setOpen(false);
    },
  });

  if (!open) {
    return <Button type="button" variant="secondary" onClick={() => setOpen(true)}>Draft with AI</Button>;
  }
  return (
    <div className="space-y-3 rounded-md border border-brand-500/30 bg-brand-50 p-4" data-testid="generate-draft">
      <Field label="Describe the business" htmlFor="generate-description" error={mutation.error?.message} hint="What it does, what callers usually want, anything the assistant must not do.">
        <Textarea id="generate-description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <div className="flex gap-2">
        <Button type="button" onClick={() => mutation.mutate()} disabled={mutation.isPending || description.trim().length < 10}>
          {mutation.isPending ? "Drafting…" : "Generate prompt and greeting"}
        </Button>
        <Button type="button" variant="secondary" onClick={() => setOpen(false)}>Cancel</Button>
      </div>
      <p className="text-xs text-slate-500">The draft replaces the system prompt and first message; review it before saving.</p>
    </div>
  );
}
