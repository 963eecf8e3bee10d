export { postOutboundCall as POST } from "@/lib/api/routes/calls";
export * from "@/lib/api/routes/method-fallbacks";
