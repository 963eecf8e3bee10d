export { getUsage as GET } from "@/lib/api/routes/usage";
export * from "@/lib/api/routes/method-fallbacks";
