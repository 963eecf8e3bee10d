// Deprecated alias of /api/v1/assistants/{id} (identical behaviour).
export { getAgent as GET, patchAgent as PATCH, removeAgent as DELETE } from "@/lib/api/routes/assistants";
export * from "@/lib/api/routes/method-fallbacks";
