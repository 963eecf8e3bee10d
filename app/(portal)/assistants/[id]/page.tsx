import { AssistantDetail } from "@/components/assistants/assistant-detail";

export default async function AssistantPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <AssistantDetail id={id} />;
}
