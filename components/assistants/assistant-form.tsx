"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { assistantCreateSchema, type Assistant } from "@/lib/schemas/assistant";
import { ApiClientError, createAssistantRequest, updateAssistantRequest } from "@/lib/client/api";
import { Button, ErrorBanner } from "@/components/ui/primitives";
import { errorsFromZod, setAt, toDraft, type Draft, type FieldErrors } from "./editor/draft";
import { EditorProvider } from "./editor/fields";
import {
  BasicsSection,
  CallBehaviourSection,
  ConversationSection,
  LanguageModelSection,
  SpeechToTextSection,
  TextToSpeechSection,
  WebhooksSection,
} from "./editor/sections";
import { SpeechSection } from "./editor/speech-section";
import { AnalysisSection, ToolsSection } from "./editor/tools-analysis";
import { useUnsavedChangesGuard } from "./editor/use-unsaved-changes";

// The assistant editor: one draft shaped like the API body, validated with the API's own
// zod schema; server errors land next to the field named by `error.param`.
export function AssistantForm({ assistant }: { assistant?: Assistant }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const initial = useMemo(() => toDraft(assistant), [assistant]);
  const [draft, setDraft] = useState<Draft>(initial);
  const [baseline, setBaseline] = useState(() => JSON.stringify(initial));
  const [errors, setErrors] = useState<FieldErrors>({});
  const dirty = JSON.stringify(draft) !== baseline;
  useUnsavedChangesGuard(dirty);

  const set = (path: string, value: unknown) => {
    setDraft((d) => setAt(d, path, value));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => k !== path && !k.startsWith(`${path}.`))));
  };

  const mutation = useMutation({
    mutationFn: (body: Draft) => (assistant ? updateAssistantRequest(assistant.id, body) : createAssistantRequest(body)),
    onSuccess: async ({ assistant: saved }) => {
      const next = toDraft(saved);
      setDraft(next);
      setBaseline(JSON.stringify(next));
      await queryClient.invalidateQueries({ queryKey: ["assistants"] });
      if (!assistant) router.push(`/assistants/${saved.id}`);
    },
    onError: (error) => {
      const param = error instanceof ApiClientError ? error.param : null;
      setErrors(param ? { [param]: error.message.replace(`${param}: `, "") } : { form: error.message });
    },
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const parsed = assistantCreateSchema.safeParse(draft);
    if (!parsed.success) return setErrors(errorsFromZod(parsed.error));
    setErrors({});
    mutation.mutate(draft);
  }

  const errorCount = Object.keys(errors).length;
  return (
    <EditorProvider value={{ draft, errors, set }}>
      <form onSubmit={onSubmit} className="space-y-6" noValidate aria-label="Assistant">
        {errors.form && <ErrorBanner message={errors.form} />}
        <BasicsSection />
        <ConversationSection />
        <SpeechToTextSection />
        <LanguageModelSection />
        <TextToSpeechSection />
        <ToolsSection />
        <AnalysisSection />
        <WebhooksSection hasSecret={assistant?.webhook_secret != null} />
        <CallBehaviourSection />
        <SpeechSection />
        <div className="sticky bottom-0 flex items-center gap-3 border-t border-slate-200 bg-slate-50/95 py-3">
          <Button type="submit" disabled={mutation.isPending}>{mutation.isPending ? "Saving…" : assistant ? "Save changes" : "Create assistant"}</Button>
          {dirty && <span className="text-sm text-amber-700" data-testid="unsaved">Unsaved changes</span>}
          {!dirty && mutation.isSuccess && assistant && <span className="text-sm text-green-700">Saved</span>}
          {errorCount > 0 && !errors.form && <span className="text-sm text-red-700">Fix the highlighted {errorCount === 1 ? "field" : "fields"}</span>}
        </div>
      </form>
    </EditorProvider>
  );
}
