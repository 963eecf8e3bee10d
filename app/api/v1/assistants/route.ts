export { listAssistants as GET, postAssistant as POST } from "@/lib/api/routes/assistants";
