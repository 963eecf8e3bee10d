// Deprecated alias of /api/v1/assistants (identical behaviour).
export { listAgents as GET, postAgent as POST } from "@/lib/api/routes/assistants";
export * from "@/lib/api/routes/method-fallbacks";
