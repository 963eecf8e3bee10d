import Link from "next/link";
import { AssistantsList } from "@/components/assistants/assistants-list";

export default function AssistantsPage() {
  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Assistants</h1>
        <Link href="/assistants/new" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">New assistant</Link>
      </div>
      <AssistantsList />
    </div>
  );
}
