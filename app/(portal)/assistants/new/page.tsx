import { AssistantForm } from "@/components/assistants/assistant-form";

export default function NewAssistantPage() {
  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="text-2xl font-semibold">New assistant</h1>
      <AssistantForm />
    </div>
  );
}
