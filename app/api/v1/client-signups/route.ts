export { getClientSignups as GET } from "@/lib/api/routes/branding";
export * from "@/lib/api/routes/method-fallbacks";
