export { postAssistantDraft as POST } from "@/lib/api/routes/assistants";
