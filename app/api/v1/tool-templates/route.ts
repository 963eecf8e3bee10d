export { listToolTemplates as GET, postToolTemplate as POST } from "@/lib/api/routes/tool-templates";
export * from "@/lib/api/routes/method-fallbacks";
