export { postAssistantDraft as POST } from "@/lib/api/routes/assistants";
export * from "@/lib/api/routes/method-fallbacks";
