export { listApiKeys as GET, postApiKey as POST } from "@/lib/api/routes/api-keys";
export * from "@/lib/api/routes/method-fallbacks";
