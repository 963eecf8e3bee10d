// Deprecated alias of /api/v1/assistants/{id} (identical behaviour).
export { getAssistant as GET, patchAssistant as PATCH, removeAssistant as DELETE } from "@/lib/api/routes/assistants";
