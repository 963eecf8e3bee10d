export { listAssistants as GET, postAssistant as POST } from "@/lib/api/routes/assistants";
export * from "@/lib/api/routes/method-fallbacks";
