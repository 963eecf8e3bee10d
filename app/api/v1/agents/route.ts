// Deprecated alias of /api/v1/assistants (identical behaviour).
export { listAssistants as GET, postAssistant as POST } from "@/lib/api/routes/assistants";
