export { listCalls as GET } from "@/lib/api/routes/calls";
export * from "@/lib/api/routes/method-fallbacks";
