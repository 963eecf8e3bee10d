export { getToolTemplate as GET, patchToolTemplate as PATCH, removeToolTemplate as DELETE } from "@/lib/api/routes/tool-templates";
export * from "@/lib/api/routes/method-fallbacks";
