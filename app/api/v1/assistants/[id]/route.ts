export { getAssistant as GET, patchAssistant as PATCH, removeAssistant as DELETE } from "@/lib/api/routes/assistants";
export * from "@/lib/api/routes/method-fallbacks";
